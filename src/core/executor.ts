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
 * Trusted tools for judging: host binaries run in a machine's network
 * namespace only, so a candidate with root in the machine can change neither
 * the program nor the files it reads (CA, resolver, hosts). Optional: a
 * target that cannot offer it (kubernetes: no host) leaves it out, and
 * probes fall back to running inside the machine.
 */
export interface TrustedNet {
  /** Run a host program (argv[0] on the host's PATH) with `machine`'s network view and nothing else of it. */
  exec(machine: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Host path of the environment's CA certificate: the one the host generated, not a machine's copy. */
  readonly caCertPath: string;
  /** Machine names (roles) and their addresses, so URLs naming machines resolve without the machine's /etc/hosts. */
  readonly addresses: Readonly<Record<string, string>>;
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
  /** Trusted host-side tools in the machines' network namespaces, when the target has a host (see TrustedNet). */
  readonly trusted?: TrustedNet;
}
