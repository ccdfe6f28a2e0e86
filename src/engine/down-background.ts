import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { faultlineHome, homePaths, REPO_ROOT } from '../core/paths.js';
import type { Progress } from '../core/target.js';
import { readState, updateState } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { processStartTicks } from '../utils/process-identity.js';
import { unpublishCandidateAccess } from './access/unpublish-access.js';
import { claimTeardown, teardownRunning } from './teardown-claim.js';

/** An environment whose teardown goes on in a detached process. */
export interface BackgroundTeardown {
  readonly name: string;
  /** The process tearing it down (a detached `faultline down <env>… --wait`). */
  readonly pid: number;
  /** Where that process writes its output; undefined when another `down` started it. */
  readonly log: string | undefined;
}

/**
 * `down` without waiting for teardown. For each environment, here and now:
 * close the candidate's way in (the published SSH port: open sessions end,
 * new connections are refused) and claim the teardown (phase destroying,
 * owned by this process). Then hand every claimed environment to one
 * detached `faultline down <env>… --wait`, which runs the whole
 * `destroyEnvironment` (hooks, machines, directory) and records a failure in
 * the state; if it dies, `down --wait` or `gc` finishes the job. An
 * environment another live process is already tearing down is only reported
 * (no second, racing teardown). Returns one entry per environment.
 */
export async function startBackgroundDown(states: readonly EnvState[], progress: Progress): Promise<BackgroundTeardown[]> {
  const running: BackgroundTeardown[] = [];
  const claimed: EnvState[] = [];
  for (const state of states) {
    const current = await readState(state.name);
    if (!current) continue;
    if (!teardownRunning(current)) await unpublishCandidateAccess(current, progress);
    const claim = await claimTeardown(state.name).catch(() => undefined);
    if (claim?.claimed) claimed.push(claim.state);
    else if (claim) running.push({ name: state.name, pid: claim.state.ownerPid ?? 0, log: undefined });
  }
  if (claimed.length === 0) return running;
  const { pid, log } = await spawnTeardown(claimed.map((s) => s.name));
  const start = pid === undefined ? undefined : processStartTicks(pid);
  for (const state of claimed) {
    appendEvent(state.name, { type: 'down', message: `candidate access withdrawn; teardown continues in process ${pid ?? '?'}`, data: {} });
    // The child waits while this process owns the environment; it proceeds once it is the owner.
    if (pid !== undefined && start !== undefined) await updateState(state.name, (s) => (s.ownerPid === process.pid ? { ...s, ownerPid: pid, ownerStart: start } : s));
  }
  if (pid === undefined || start === undefined) progress(`warning: the background teardown exited at once (log: ${log}); run \`faultline down <env> --wait\``);
  return [...running, ...claimed.map((s) => ({ name: s.name, pid: pid ?? 0, log }))];
}

/** Spawn `faultline down <names>… --wait` detached (own session, output to a log in $FAULTLINE_HOME/logs). */
async function spawnTeardown(names: readonly string[]): Promise<{ pid: number | undefined; log: string }> {
  await mkdir(homePaths.logs(), { recursive: true });
  const log = join(homePaths.logs(), `down-${names[0]}${names.length > 1 ? `-and-${names.length - 1}-more` : ''}.log`);
  const file = await open(log, 'a');
  const args = [join(REPO_ROOT, 'bin', 'faultline.js'), 'down', ...names, '--wait'];
  // The home made absolute: a relative FAULTLINE_HOME must name the same home whatever the child's cwd.
  const env = { ...process.env, FAULTLINE_HOME: faultlineHome() };
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', file.fd, file.fd], env });
  child.once('error', () => undefined); // no pid then: the caller warns, and the environments are left stale for gc
  child.unref();
  await file.close();
  return { pid: child.pid, log };
}
