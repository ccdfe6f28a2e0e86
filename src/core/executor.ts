/** Result of running a command inside a machine. Never thrown for a non-zero exit. */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface ExecOptions {
  /** Written to the command's stdin. */
  readonly input?: string;
  /** Kill the command after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Runs commands in the machines of one environment. Faults and the engine use
 * this and never a concrete target: the local target implements it with
 * `nsenter`, a kubernetes target with `kubectl exec`.
 */
export interface Executor {
  /** Run argv in `machine` (a role name such as `edge`), as root. */
  exec(machine: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Run a bash script in `machine`, as root. */
  sh(machine: string, script: string, options?: ExecOptions): Promise<ExecResult>;
  readFile(machine: string, path: string): Promise<string>;
  writeFile(machine: string, path: string, content: string, mode?: number): Promise<void>;
}
