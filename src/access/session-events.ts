import type { TimelineEventOf } from '../core/timeline-events.js';
import type { CollectedSession } from './sessions.js';

/** A timeline entry for a session start or end, stamped with when it happened in the machine. */
export type SessionTimelineEvent = TimelineEventOf<'session.start'> | TimelineEventOf<'session.end'>;

/**
 * Timeline events for what a collection newly saw: a start for sessions seen
 * for the first time, an end for sessions that ended since. Oldest first.
 */
export function describeSessionEvents(sessions: readonly CollectedSession[]): SessionTimelineEvent[] {
  const events: SessionTimelineEvent[] = [];
  for (const session of sessions) {
    const data = { session: session.id, machine: session.machine, user: session.user, clientIp: session.clientIp, mode: session.mode, command: session.command };
    const what = session.command === null ? 'an interactive shell' : `\`${session.command}\``;
    if (session.newlyStarted) {
      events.push({ ts: session.started, type: 'session.start', message: `${session.user} opened ${what} on ${session.machine}`, data });
    }
    if (session.newlyEnded && session.ended !== null) {
      events.push({
        ts: session.ended,
        type: 'session.end',
        message: `${session.user} left ${session.machine} (exit ${session.exitStatus ?? 'unknown'})`,
        data: { ...data, exitStatus: session.exitStatus },
      });
    }
  }
  return events.sort((a, b) => a.ts.localeCompare(b.ts));
}
