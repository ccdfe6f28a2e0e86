/**
 * TTL expiry. Every environment gets `expiresAt` at `up` (the scenario's
 * `ttl`, default 4h; override per environment with `faultline up <scenario>
 * --candidate <name> --ttl 2h`). `faultline reap` destroys every environment
 * whose expiry has passed; run it periodically so forgotten environments do
 * not pile up (or keep costing money on cloud targets):
 *
 *   cron (root's crontab, every 5 minutes; the checkout's bin/faultline.js
 *   by absolute path, since cron's PATH is minimal):
 *     0-59/5 * * * * PATH=/usr/local/bin:/usr/bin:/bin FAULTLINE_HOME=/root/.faultline /opt/faultline/bin/faultline.js reap --json >> /var/log/faultline-reap.log 2>&1
 *
 *   systemd timer:
 *     # /etc/systemd/system/faultline-reap.service
 *     [Service]
 *     Type=oneshot
 *     Environment=FAULTLINE_HOME=/root/.faultline
 *     ExecStart=/opt/faultline/bin/faultline.js reap
 *     # /etc/systemd/system/faultline-reap.timer
 *     [Timer]
 *     OnBootSec=2min
 *     OnUnitActiveSec=5min
 *     [Install]
 *     WantedBy=timers.target
 *   then `systemctl enable --now faultline-reap.timer`.
 *
 * Use the same FAULTLINE_HOME as the interviewers' `up`. `faultline reap
 * --dry-run` lists what would go without touching anything.
 */
import { join } from 'node:path';
import { ownedByAnother } from '../core/env-owner.js';
import { faultlineHome } from '../core/paths.js';
import type { LostRemoteOptions, LostRemoteOutcome, Progress } from '../core/target.js';
import { listStates, readState } from '../core/state-store.js';
import type { EnvState } from '../schema/state.js';
import { allTargets, targetTraits } from '../targets/index.js';
import { loadConfig } from './load-config.js';
import { withLock } from '../utils/lock.js';
import { destroyEnvironment } from './down.js';

/** What reap did (or, in a dry run, would do) with one expired environment. */
export interface ReapOutcome {
  readonly name: string;
  readonly target: EnvState['target'];
  readonly expiresAt: string;
  readonly result: 'reaped' | 'would-reap' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  readonly note?: string;
}

export interface ReapOptions {
  readonly dryRun?: boolean;
  readonly now?: Date;
  readonly progress?: Progress;
  /** Also destroy expired environments on cloud targets (default true). */
  readonly cloud?: boolean;
  /** How long to wait for another reaper (default 10 min; 0 = give up at once). */
  readonly lockTimeoutMs?: number;
}

/** States whose expiry is at or before `now`, oldest expiry first. Pure. */
export function selectExpired(states: readonly EnvState[], now: Date): EnvState[] {
  return states
    .filter((state) => Number.isFinite(Date.parse(state.expiresAt)) && Date.parse(state.expiresAt) <= now.getTime())
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/** True while another live process is changing the environment (up, reset, down). */
export function isBusy(state: EnvState): boolean {
  return ownedByAnother(state);
}

/**
 * Destroy every expired environment through `destroyEnvironment` (local and
 * cloud alike: the cloud targets' destroy removes the environment's Pulumi
 * stack). One failure does not stop the others; each outcome is returned.
 */
export async function reapExpired(options: ReapOptions = {}): Promise<ReapOutcome[]> {
  const progress = options.progress ?? (() => undefined);
  const expired = selectExpired(await listStates(), options.now ?? new Date());
  if (expired.length === 0) return [];
  if (options.dryRun) return expired.map((state) => outcome(state, isBusy(state) ? 'skipped' : 'would-reap', isBusy(state) ? busyNote(state) : undefined));
  return withLock(
    join(faultlineHome(), 'reap.lock'),
    async () => {
      const outcomes: ReapOutcome[] = [];
      for (const listed of expired) {
        // Re-read under the lock: another reaper or `down` may have removed it meanwhile.
        const state = await readState(listed.name).catch(() => undefined);
        if (!state) continue;
        if (selectExpired([state], options.now ?? new Date()).length === 0) outcomes.push(outcome(state, 'skipped', 'no longer expired'));
        else outcomes.push(await reapOne(state, options, progress));
      }
      return outcomes;
    },
    { timeoutMs: options.lockTimeoutMs ?? 600_000 },
  );
}

/**
 * Cheap TTL enforcement for the start of every CLI command: reads the state
 * files and destroys only expired *local* environments (cloud ones are left to
 * `faultline reap`). Never throws and never waits for another reaper; returns
 * the names it removed.
 */
export async function reapExpiredQuietly(progress: Progress = () => undefined): Promise<string[]> {
  try {
    const now = new Date();
    if (!selectExpired(await listStates(), now).some((state) => !targetTraits(state.target).remote)) return [];
    const outcomes = await reapExpired({ now, progress, cloud: false, lockTimeoutMs: 0 });
    return outcomes.filter((o) => o.result === 'reaped').map((o) => o.name);
  } catch {
    return [];
  }
}

async function reapOne(state: EnvState, options: ReapOptions, progress: Progress): Promise<ReapOutcome> {
  if (isBusy(state)) return outcome(state, 'skipped', busyNote(state));
  if (targetTraits(state.target).remote && options.cloud === false) return outcome(state, 'skipped', 'cloud environment: left for `faultline reap`');
  try {
    // Cloud environments go through their registered target too: its destroy is the Pulumi
    // adapter's destroy of the env's stack (what reapCloudEnvironment does), with the stack name
    // and backend options recorded in the state. The state is kept if it fails.
    progress(`reaping ${state.name} on ${state.target} (expired ${state.expiresAt})`);
    await destroyEnvironment(state, progress);
    return outcome(state, 'reaped');
  } catch (error) {
    progress(`warning: could not reap ${state.name}: ${(error as Error).message}`);
    return outcome(state, 'failed', (error as Error).message);
  }
}

function outcome(state: EnvState, result: ReapOutcome['result'], note?: string): ReapOutcome {
  return { name: state.name, target: state.target, expiresAt: state.expiresAt, result, ...(note === undefined ? {} : { note }) };
}

function busyNote(state: EnvState): string {
  return `busy: process ${state.ownerPid} is changing it (phase ${state.phase})`;
}

/**
 * The second half of `faultline reap`: expired objects of the targets' remote
 * backends (Pulumi stacks) whose faultline state was lost, each backend swept
 * once (their expiry is recorded with them).
 */
export async function reapLostRemotes(options: LostRemoteOptions = {}): Promise<LostRemoteOutcome[]> {
  const swept = new Set<string>();
  const outcomes: LostRemoteOutcome[] = [];
  for (const target of allTargets(await loadConfig())) {
    if (!target.lostRemotes || swept.has(target.lostRemotes.backend)) continue;
    swept.add(target.lostRemotes.backend);
    outcomes.push(...(await target.lostRemotes.reap(options)));
  }
  return outcomes;
}
