import { execa } from 'execa';
import { FaultlineError } from '../../errors/index.js';
import type { ExecOptions, ExecResult, Executor } from '../../core/executor.js';

/** A clean environment for commands run inside machines (not the orchestrator's). */
const MACHINE_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
  SYSTEMD_PAGER: '',
  SYSTEMD_COLORS: '0',
};

/** A clean environment for host programs run in a machine's network namespace (no proxies from the orchestrator). */
const HOST_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root' };

/** What the trusted network tools need besides the leaders. */
export interface TrustedNetInput {
  /** Host path of the environment CA certificate. */
  readonly caCertPath: string;
  /** Role → address. */
  readonly addresses: Readonly<Record<string, string>>;
}

/**
 * Executor for the local target: `nsenter -t <leader> -a` into the machine's
 * namespaces. This is full host root — orchestrator only; candidates come in
 * through sshd. With `trusted`, it also runs host programs with
 * `nsenter -t <leader> -n` (the machine's network namespace only: host
 * binaries, host files) for judging probes.
 */
export function createNsenterExecutor(leaders: () => Promise<ReadonlyMap<string, number>>, trusted?: TrustedNetInput): Executor {
  const leaderOf = async (machine: string): Promise<number> => {
    const pid = (await leaders()).get(machine);
    if (pid === undefined) {
      throw new FaultlineError('COMMAND_FAILED', `Machine "${machine}" is not running in this environment.`, {
        hint: 'Check `faultline status <env>`; known machines are edge, app, store, mon.',
      });
    }
    return pid;
  };
  const run = async (machine: string, namespaces: string, env: Record<string, string>, argv: readonly string[], options: ExecOptions): Promise<ExecResult> => {
    const leader = await leaderOf(machine);
    const result = await execa('nsenter', ['-t', String(leader), namespaces, '--', ...argv], {
      input: options.input ?? '',
      timeout: options.timeoutMs ?? 30_000,
      env,
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
    });
    return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? -1 };
  };
  const exec = (machine: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> => run(machine, '-a', MACHINE_ENV, argv, options);
  return {
    exec,
    ...(trusted && {
      trusted: {
        caCertPath: trusted.caCertPath,
        addresses: trusted.addresses,
        exec: (machine: string, argv: readonly string[], options: ExecOptions = {}) => run(machine, '-n', HOST_ENV, argv, options),
      },
    }),
    sh: (machine, script, options) => exec(machine, ['/bin/bash', '-c', script], options),
    async readFile(machine, path) {
      const result = await exec(machine, ['cat', '--', path]);
      if (result.exitCode !== 0) {
        throw new FaultlineError('COMMAND_FAILED', `Could not read ${path} on ${machine}: ${result.stderr.trim()}`);
      }
      return result.stdout;
    },
    async writeFile(machine, path, content, mode = 0o644) {
      const script = 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1.fl-tmp" && chmod "$2" "$1.fl-tmp" && mv -f -- "$1.fl-tmp" "$1"';
      const result = await exec(machine, ['/bin/sh', '-c', script, 'sh', path, mode.toString(8)], { input: content });
      if (result.exitCode !== 0) {
        throw new FaultlineError('COMMAND_FAILED', `Could not write ${path} on ${machine}: ${result.stderr.trim()}`);
      }
    },
  };
}
