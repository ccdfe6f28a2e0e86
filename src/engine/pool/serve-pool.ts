import { listStates } from '../../core/state-store.js';
import type { Progress } from '../../core/target.js';
import { FaultlineError, isFaultlineError } from '../../errors/index.js';
import { loadScenario } from '../../schema/load-scenario.js';
import type { Config } from '../../schema/config.js';
import { targetFor } from '../../targets/index.js';
import { withLock } from '../../utils/lock.js';
import { destroyEnvironment } from '../down.js';
import { loadFeatures } from '../features.js';
import { loadConfig } from '../load-config.js';
import { fillOne } from './fill-pool.js';
import { measureEnvMemory, memoryAllowsOneMore, readMemAvailable } from './memory-budget.js';
import { poolPaths } from './pool-paths.js';
import { readRunningServer, removeServerRecord, writeServerRecord } from './pool-record.js';
import { describePoolKind, POOL_TARGET, type PoolSpec } from './pool-spec.js';
import { isUnclaimed } from './select-pooled.js';
import { claimUnclaimedForDestroy } from './take-pooled.js';
import { listenForStop, type StopSignal } from './stop-signal.js';

/**
 * `faultline pool serve`: the long-running refiller. Keeps `spec.size`
 * unclaimed environments (one fill at a time, within the memory budget), and
 * on SIGTERM/SIGINT stops refilling, destroys every unclaimed environment and
 * exits. One server per home (its lock is held for its whole life).
 */
export async function servePool(spec: PoolSpec, progress: Progress): Promise<void> {
  const config = await loadConfig();
  await loadFeatures();
  if (spec.scenario !== undefined) await assertRunsLocally(spec.scenario);
  await targetFor(POOL_TARGET, config).preflightHost?.(progress);
  const running = await readRunningServer();
  if (running) throw poolRunning(running.pid);
  await withLock(poolPaths().serverLock, () => serveLocked(spec, config, progress), { timeoutMs: 1000 }).catch((error: unknown) => {
    throw isFaultlineError(error) && error.code === 'ENV_BUSY' ? poolRunning(undefined) : error;
  });
}

async function serveLocked(spec: PoolSpec, config: Config, progress: Progress): Promise<void> {
  const stop = listenForStop((signal) => progress(`${signal}: stopping refills, destroying unclaimed environments`));
  await writeServerRecord(spec);
  progress(`pool server ${process.pid}: keeping ${spec.size} ${describePoolKind(spec)} environment(s)`);
  try {
    await refillUntilStopped(spec, config, progress, stop);
  } finally {
    for (const state of await claimUnclaimedForDestroy()) await destroyEnvironment(state, progress).catch((error: Error) => progress(`warning: ${error.message}`));
    await removeServerRecord();
    stop.dispose();
    progress('pool server stopped');
  }
}

async function refillUntilStopped(spec: PoolSpec, config: Config, progress: Progress, stop: StopSignal): Promise<void> {
  let failures = 0;
  while (!stop.requested) {
    const unclaimed = (await listStates()).filter((state) => isUnclaimed(state) && state.pool?.scenario === spec.scenario);
    const picture = {
      poolBytes: await measureEnvMemory(targetFor(POOL_TARGET, config), unclaimed),
      poolEnvs: unclaimed.length,
      availableBytes: await readMemAvailable(),
      budgetBytes: config.pool.memoryBudget,
      estimateBytes: config.pool.envMemoryEstimate,
    };
    if (unclaimed.length >= spec.size || !memoryAllowsOneMore(picture)) {
      await stop.sleep(config.pool.refillIntervalMs);
      continue;
    }
    try {
      const state = await fillOne(spec, config, progress);
      progress(`pooled ${state.name} (${unclaimed.length + 1}/${spec.size})`);
      failures = 0;
    } catch (error) {
      failures += 1;
      progress(`fill failed (${failures} in a row): ${error instanceof Error ? error.message : String(error)}`);
      await stop.sleep(Math.min(60_000, 1000 * 2 ** failures));
    }
  }
}

/** Refuse a hot pool for a scenario that is unknown or does not run on the local target. */
export async function assertRunsLocally(ref: string): Promise<void> {
  const scenario = await loadScenario(ref);
  if (!scenario.targets.includes(POOL_TARGET)) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Scenario ${scenario.id} does not run on the local target, so no pool can hold it.`, { hint: `It supports: ${scenario.targets.join(', ')}.` });
  }
}

function poolRunning(pid: number | undefined): FaultlineError {
  return new FaultlineError('POOL_RUNNING', `A pool server already runs for this home${pid === undefined ? '' : ` (process ${pid})`}.`, {
    hint: 'Run `faultline pool status` to see it, or `faultline pool stop` first.',
  });
}
