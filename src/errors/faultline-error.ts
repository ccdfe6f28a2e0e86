/**
 * One public error class for every surface. Each error has a stable `code`
 * (from the catalogue), a one-line title, a message that says what happened,
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

/**
 * Exit codes, grouped so scripts can tell bad input (2x) from a missing
 * environment (3x), host/preflight problems (4x) and runtime failures (5x+).
 */
export const EXIT_CODES = {
  USAGE: 2,
  INVALID_SCENARIO: 20,
  INVALID_CONFIG: 21,
  INVALID_PARAMS: 22,
  UNKNOWN_FAULT: 23,
  UNKNOWN_SCENARIO: 24,
  UNSUPPORTED_TARGET: 25,
  ENV_NOT_FOUND: 30,
  ENV_BUSY: 31,
  NOT_ROOT: 40,
  MISSING_HOST_PACKAGES: 41,
  PREFLIGHT: 42,
  NO_ADDRESS_SPACE: 43,
  OUTPUT_NOT_WRITABLE: 44,
  PROVISION_FAILED: 50,
  BASELINE_GATE_FAILED: 51,
  SYMPTOM_GATE_FAILED: 52,
  CHECK_FAILED: 53,
  SELFTEST_FAILED: 54,
  FAULT_FAILED: 55,
  COMMAND_FAILED: 56,
  TIMEOUT: 57,
  CLOUD_FAILED: 58,
  /** Preflight of the cloud targets (src/targets/pulumi/preflight.ts). */
  PULUMI_MISSING: 45,
  AWS_CREDENTIALS_MISSING: 46,
  AWS_REGION_MISSING: 47,
  KUBECONFIG_MISSING: 48,
  /** The local target's machines need user namespaces (config `local.userNamespace: false` opts out). */
  USERNS_UNAVAILABLE: 49,
  /** Teleport configured, but its CA or host-certificate material is missing or unreadable. */
  TELEPORT_MATERIAL_MISSING: 60,
  /** Teleport configured, and tctl is needed (CA export, host cert, registration) but not found. */
  TCTL_MISSING: 61,
  /** The address the Teleport proxy would dial cannot be reached from another host (loopback). */
  TELEPORT_ADDRESS_UNREACHABLE: 62,
} as const;

export type ErrorCode = keyof typeof EXIT_CODES;

export function isFaultlineError(error: unknown): error is FaultlineError {
  return error instanceof FaultlineError;
}
