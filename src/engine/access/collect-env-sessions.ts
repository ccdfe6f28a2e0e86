import { describeSessionEvents } from '../../access/session-events.js';
import { collectSessions, listSessions, type SessionSummary } from '../../access/sessions.js';
import type { Executor } from '../../core/executor.js';
import { appendEvent } from '../../core/timeline.js';
import type { EnvState } from '../../schema/state.js';
import { isAlive, withLock } from '../../utils/lock.js';
import { envAccessPaths } from './env-access-paths.js';

/** True when every machine of a local environment is running (sessions can be copied out). */
export function machinesRunning(state: EnvState): boolean {
  return state.target === 'local' && state.machines.length > 0 && state.machines.every((machine) => machine.leaderPid !== undefined && isAlive(machine.leaderPid));
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
export async function envSessions(state: EnvState, exec: Executor | undefined): Promise<{ sessions: SessionSummary[]; collected: boolean }> {
  if (exec && state.phase === 'ready' && machinesRunning(state)) return { sessions: await collectEnvSessions(state, exec), collected: true };
  return { sessions: await listSessions(envAccessPaths(state.name).sessionsDir), collected: false };
}
