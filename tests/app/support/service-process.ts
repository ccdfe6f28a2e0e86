import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';

/** A bundle running under the host's node, with its JSON log lines collected. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Parsed stdout lines so far. */
  readonly lines: Record<string, unknown>[];
  stderr(): string;
  /** Resolve with the first log line (past or future) matching `predicate`. */
  waitForLine(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolve with the exit code (or signal name) once the process ends. */
  exited(): Promise<number | string>;
  /** SIGTERM, then SIGKILL after 3 s; resolves with how it ended. */
  stop(): Promise<number | string>;
}

/** Run `bundle` with `env` (only; plus PATH), from a neutral cwd with no node_modules. */
export function startService(bundle: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [bundle], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stdoutRest = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (stdoutRest + chunk).split('\n');
    stdoutRest = parts.pop() ?? '';
    for (const text of parts) {
      if (text.trim() === '') continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    lines,
    stderr: () => stderr,
    waitForLine: (predicate, timeoutMs = 5000) => {
      const seen = lines.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ predicate, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exit.then((code) => reject(new Error(`process ended (${code}) before the log line; stderr: ${stderr}`)));
      });
    },
    exited: () => exit,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        const code = await exit;
        clearTimeout(timer);
        return code;
      }
      return exit;
    },
  };
}

/** Wait for the `listening` log line and return the port it names. */
export async function waitForListening(service: ServiceProcess): Promise<number> {
  const line = await service.waitForLine((l) => l.msg === 'listening');
  return line.port as number;
}
