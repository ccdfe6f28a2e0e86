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

/**
 * Executor for the local target: `nsenter -t <leader> -a` into the machine's
 * namespaces. This is full host root — orchestrator only; candidates come in
 * through sshd.
 */
export function createNsenterExecutor(leaders: () => Promise<ReadonlyMap<string, number>>): Executor {
  const leaderOf = async (machine: string): Promise<number> => {
    const pid = (await leaders()).get(machine);
    if (pid === undefined) {
      throw new FaultlineError('COMMAND_FAILED', `Machine "${machine}" is not running in this environment.`, {
        hint: 'Check `faultline status <env>`; known machines are edge, app, store, mon.',
      });
    }
    return pid;
  };
  const exec = async (machine: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> => {
    const leader = await leaderOf(machine);
    const result = await execa('nsenter', ['-t', String(leader), '-a', '--', ...argv], {
      input: options.input ?? '',
      timeout: options.timeoutMs ?? 30_000,
      env: MACHINE_ENV,
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
    });
    return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? -1 };
  };
  return {
    exec,
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
