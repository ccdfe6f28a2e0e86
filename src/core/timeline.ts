import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { homePaths } from './paths.js';
import { timelineEventSchema, type TimelineEvent, type TimelineEventInput } from './timeline-events.js';

export { eventsOfType, timelineEventSchema, TIMELINE_EVENT_TYPES } from './timeline-events.js';
export type { TimelineEvent, TimelineEventInput, TimelineEventOf, TimelineEventType } from './timeline-events.js';

/** The timeline file of an environment directory (or of its archive, which has the same layout). */
export const timelineFileIn = (dir: string): string => join(dir, 'timeline.jsonl');

/** Optional knobs for appendEvent. */
export interface AppendEventOptions {
  /** When the event happened (ISO), if not now: e.g. an alert's receivedAt. */
  readonly ts?: string;
}

/**
 * Append one typed event to the environment's timeline.jsonl (checked against
 * its kind's schema first: a writer cannot store what readers cannot read).
 * Synchronous append of a single line, so events from concurrent steps never
 * interleave mid-line. Events stamped with an earlier `ts` are appended all
 * the same: readers that need chronological order sort by `ts`.
 */
export function appendEvent(name: string, event: TimelineEventInput, options: AppendEventOptions = {}): TimelineEvent {
  return appendEventIn(homePaths.env(name), event, options);
}

/** appendEvent into the timeline of directory `dir` (an environment's, or its archive after `down`). */
export function appendEventIn(dir: string, event: TimelineEventInput, options: AppendEventOptions = {}): TimelineEvent {
  const parsed = timelineEventSchema.parse({ ts: options.ts ?? new Date().toISOString(), ...event });
  mkdirSync(dir, { recursive: true });
  appendFileSync(timelineFileIn(dir), `${JSON.stringify(parsed)}\n`);
  return parsed;
}

/** A timeline as read: the events, and how many lines were left out (not JSON, or of no known kind: older or foreign writers). */
export interface TimelineRead {
  readonly events: TimelineEvent[];
  readonly skippedLines: number;
}

/** Parse timeline.jsonl text. A line that is not an event of a known kind is skipped and counted, never fatal. Pure. */
export function parseTimeline(text: string): TimelineRead {
  const events: TimelineEvent[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = timelineEventSchema.safeParse(parseJson(line));
    if (parsed.success) events.push(parsed.data);
    else skippedLines += 1;
  }
  return { events, skippedLines };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export async function readTimeline(name: string): Promise<TimelineEvent[]> {
  return readTimelineIn(homePaths.env(name));
}

/** readTimeline of directory `dir`. */
export async function readTimelineIn(dir: string): Promise<TimelineEvent[]> {
  return (await readTimelineWithSkipsIn(dir)).events;
}

/** The events of directory `dir`'s timeline and the count of lines skipped (a missing file is an empty timeline). */
export async function readTimelineWithSkipsIn(dir: string): Promise<TimelineRead> {
  return parseTimeline(await readFile(timelineFileIn(dir), 'utf8').catch(() => ''));
}
