import { listStates } from '../../core/state-store.js';
import { ownerRunning } from '../../core/env-owner.js';
import type { Progress } from '../../core/target.js';
import { FaultlineError } from '../../errors/index.js';
import { isRunning } from '../../utils/process-identity.js';
import { waitFor } from '../../utils/wait-for.js';
import { destroyEnvironment } from '../down.js';
import { readRunningServer } from './pool-record.js';

export interface StopOutcome {
  /** The server signalled, if one ran. */
  readonly pid: number | undefined;
  /** Unclaimed environments of a dead server removed here (a running server removes its own). */
  readonly leftovers: string[];
}

/**
 * `faultline pool stop`: SIGTERM the server and wait until it has destroyed
 * its unclaimed environments and exited; then remove any unclaimed or
 * half-filled pooled environment whose owner is gone. Idempotent; taken
 * environments belong to their candidates and stay.
 */
export async function stopPool(progress: Progress, timeoutMs = 300_000): Promise<StopOutcome> {
  const server = await readRunningServer();
  if (server) {
    progress(`stopping pool server ${server.pid}`);
    process.kill(server.pid, 'SIGTERM');
    const gone = await waitFor(async () => !isRunning({ pid: server.pid, start: server.start }), { timeoutMs, intervalMs: 250 });
    if (!gone) throw new FaultlineError('TIMEOUT', `Pool server ${server.pid} did not exit within ${Math.round(timeoutMs / 1000)} s.`, { hint: `Its log: $FAULTLINE_HOME/pool/server.log; kill -9 ${server.pid} and run \`faultline gc\`.` });
  }
  const leftovers: string[] = [];
  for (const state of await listStates()) {
    if (!state.pool || state.pool.takenAt || ownerRunning(state)) continue;
    await destroyEnvironment(state, progress);
    leftovers.push(state.name);
  }
  return { pid: server?.pid, leftovers };
}
