import type { z } from 'zod';
import type { Envelope } from './envelope.js';
import type { FlagShape } from './flags.js';

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
   * Machine output: one JSON document to stdout in the envelope every command shares (envelope.ts): `version`, `ok`,
   * and the same names for the same things (`environment` a name, `state` a whole state). A value outside it is a bug.
   */
  json(value: Envelope): void;
  readonly jsonMode: boolean;
}

export interface CommandSpec<S extends FlagShape = FlagShape> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** How many positional arguments the command takes at most; more is a usage error before anything runs. */
  readonly maxPositionals: number | 'unbounded';
  /**
   * The command's flags, one zod schema per flag name (see flags.ts): the single source of parseArgs' options and of
   * their validation. An unknown flag or a bad value is a usage error (exit 2) before `run` is called.
   */
  readonly flags: S;
  /** Single-letter aliases, flag name → letter. */
  readonly shorts?: Readonly<Record<string, string>>;
  /**
   * Whether the engine is prepared before `run` (features registered, expired environments reaped); default yes.
   * A command that must answer at once and imports no target (plain `down`) says no for those flag values.
   */
  needsEngine?(values: z.infer<z.ZodObject<S>>): boolean;
  /** Lazily import and run the command, with the flags parsed and typed. Returns an exit status (OK_EXIT or a catalogue code). */
  run(positionals: string[], values: z.infer<z.ZodObject<S>>, out: Output): Promise<number>;
}

/** Define a command; its `run` sees flag values typed from `flags`. */
export function defineCommand<S extends FlagShape>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}
