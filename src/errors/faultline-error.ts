import { EXIT_CODES, type ErrorCode } from './catalogue.js';

/**
 * One public error class for every surface. Each error has a stable `code`
 * (from the catalogue in catalogue.ts, with its exit status and title), a message that says what happened,
 * and a `hint` that says what to do. The CLI maps `exitCode` to the process
 * exit status; the original error is kept as `cause`.
 */
export interface FaultlineErrorOptions {
  /** What the user can do about it. */
  readonly hint?: string;
  /** Extra lines printed under the message (validation issues, journal tails). */
  readonly details?: readonly string[];
  readonly cause?: unknown;
}

export class FaultlineError extends Error {
  override readonly name = 'FaultlineError';
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: FaultlineErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
    this.details = options.details ?? [];
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

export function isFaultlineError(error: unknown): error is FaultlineError {
  return error instanceof FaultlineError;
}
