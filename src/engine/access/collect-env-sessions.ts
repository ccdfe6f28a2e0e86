import { describeSessionEvents } from '../../access/session-events.js';
import { collectSessions, listSessions, type SessionSummary } from '../../access/sessions.js';
import type { Executor } from '../../core/executor.js';
import type { Target } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import { targetFor } from '../../targets/index.js';
import { appendEvent } from '../../core/timeline.js';
import type { EnvState } from '../../schema/state.js';
import { withLock } from '../../utils/lock.js';
import { envAccessPaths } from './env-access-paths.js';

/** True when the host serves the environment's access and every machine runs (sessions can be copied out). */
export function machinesRunning(state: EnvState, target: Target): boolean {
  return target.hostAccess?.machinesRunning(state) === true;
}

/**
 * Copy new and changed session recordings out of the machines into the env
 * dir, log each newly seen start and end in the timeline (stamped with when
 * it happened in the machine), and return every session collected so far,
 * oldest first (also those from before a reset). Serialised per environment, so two
 * collections never log the same event twice.
 */
export async function collectEnvSessions(state: EnvState, exec: Executor): Promise<SessionSummary[]> {
  const paths = envAccessPaths(state.name);
  return withLock(
    paths.sessionsLock,
    async () => {
      const collected = await collectSessions(
        exec,
        state.machines.map((machine) => machine.role),
        paths.sessionsDir,
      );
      for (const { ts, ...event } of describeSessionEvents(collected)) appendEvent(state.name, event, { ts });
      // Everything collected so far, including sessions of machines a reset has since rebuilt.
      return listSessions(paths.sessionsDir);
    },
    { timeoutMs: 120_000 },
  );
}

/**
 * The environment's sessions: collected first while its machines run, else
 * what was collected before (after a failed up, or between reset steps).
 */
export async function envSessions(
  state: EnvState,
  handles: { readonly target: Target; readonly exec: Executor } | undefined,
): Promise<{ sessions: SessionSummary[]; collected: boolean }> {
  if (handles && state.phase === 'ready' && machinesRunning(state, handles.target)) return { sessions: await collectEnvSessions(state, handles.exec), collected: true };
  return { sessions: await listSessions(envAccessPaths(state.name).sessionsDir), collected: false };
}

/** `envSessions` with the environment's own target: collected only where this host serves its access. */
export async function readEnvSessions(state: EnvState, config: Config): Promise<{ sessions: SessionSummary[]; collected: boolean }> {
  const target = targetFor(state.target, config);
  return envSessions(state, target.hostAccess ? { target, exec: target.executor(state) } : undefined);
}
