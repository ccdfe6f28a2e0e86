/**
 * Every CLI command is a plain async function taking parsed options and an
 * `Output`, callable from tests and as a library. Only `main.ts` calls
 * `process.exit`; commands return an exit status or throw FaultlineError.
 */
export interface Output {
  /** Human text to stdout (suppressed with --json). */
  info(line: string): void;
  /** Progress/warnings to stderr. */
  progress(line: string): void;
  /**
   * Machine output: one JSON document to stdout, the same envelope for every command: `version`, and `ok` (true when
   * the command did what was asked: false for a check or selftest that found something not passing, and for errors).
   */
  json(value: { readonly version: 1; readonly ok: boolean } & Record<string, unknown>): void;
  readonly jsonMode: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** How many positional arguments the command takes at most; more is a usage error before anything runs. */
  readonly maxPositionals: number | 'unbounded';
  /** node:util parseArgs option config. */
  readonly options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;
  /** Lazily import and run the command. */
  run(positionals: string[], values: Record<string, unknown>, out: Output): Promise<number>;
}
