import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/paths.js';
import { FaultlineError } from '../../errors/index.js';
import { isRunning } from '../../utils/process-identity.js';
import { waitFor } from '../../utils/wait-for.js';
import { poolPaths } from './pool-paths.js';
import { readRunningServer } from './pool-record.js';
import type { PoolServerRecord, PoolSpec } from './pool-spec.js';
import { readPoolStatus } from './pool-status.js';
import { assertRunsLocally } from './serve-pool.js';

/**
 * `faultline pool start`: spawn `faultline pool serve` detached (its own
 * session, output to `$FAULTLINE_HOME/pool/server.log`), so the pool outlives
 * this CLI; wait until it has recorded itself, and with `waitFull` until it
 * holds `spec.size` unclaimed environments.
 */
export async function startPool(spec: PoolSpec, options: { readonly waitFull?: boolean; readonly timeoutMs?: number } = {}): Promise<PoolServerRecord> {
  const running = await readRunningServer();
  if (running) {
    throw new FaultlineError('POOL_RUNNING', `A pool server already runs for this home (process ${running.pid}).`, { hint: 'Run `faultline pool stop` first to change its size or scenario.' });
  }
  if (spec.scenario !== undefined) await assertRunsLocally(spec.scenario);
  const paths = poolPaths();
  await mkdir(paths.dir, { recursive: true });
  const log = await open(paths.log, 'a');
  const args = [join(REPO_ROOT, 'bin', 'faultline.js'), 'pool', 'serve', '--size', String(spec.size), ...(spec.scenario ? ['--scenario', spec.scenario] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: process.env });
  child.unref();
  await log.close();
  const pid = child.pid ?? 0;
  const record = await waitFor(
    async () => {
      const found = await readRunningServer();
      return found?.pid === pid ? found : isRunning({ pid }) ? undefined : 'exited';
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  if (!record || record === 'exited') throw await serverFailed(paths.log);
  if (options.waitFull) {
    const full = await waitFor(async () => (await readPoolStatus()).unclaimed.length >= spec.size || !isRunning({ pid }), { timeoutMs: options.timeoutMs ?? 600_000, intervalMs: 1000 });
    if (!full || !isRunning({ pid })) throw await serverFailed(paths.log);
  }
  return record;
}

async function serverFailed(logPath: string): Promise<FaultlineError> {
  const tail = (await readFile(logPath, 'utf8').catch(() => '')).trim().split('\n').slice(-15);
  return new FaultlineError('COMMAND_FAILED', 'The pool server did not start (or did not fill the pool in time).', { details: tail, hint: `Its log: ${logPath}` });
}
