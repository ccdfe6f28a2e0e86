import type { TimelineEvent } from '../core/timeline.js';

/**
 * The events of the current attempt: everything from the last `ready` event
 * on (a `reset` for the next candidate ends with a fresh `ready`, so hints,
 * checks and time-to-resolve start over). With no `ready` event, everything.
 */
export function currentAttempt(events: readonly TimelineEvent[]): { readonly ready: TimelineEvent | undefined; readonly events: readonly TimelineEvent[] } {
  let start = -1;
  events.forEach((event, index) => {
    if (event.type === 'ready') start = index;
  });
  return start < 0 ? { ready: undefined, events } : { ready: events[start], events: events.slice(start) };
}

/** Events sorted by `ts`, keeping file order for equal stamps (synced alerts arrive late with past stamps). */
export function sortByTime(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => {
      const at = Date.parse(event.ts);
      return { event, index, at: Number.isNaN(at) ? Number.POSITIVE_INFINITY : at };
    })
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ event }) => event);
}
