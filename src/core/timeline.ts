import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { homePaths } from './paths.js';

export const timelineEventSchema = z.object({
  ts: z.string(),
  type: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** The timeline file of an environment directory (or of its archive, which has the same layout). */
export const timelineFileIn = (dir: string): string => join(dir, 'timeline.jsonl');

/** Optional knobs for appendEvent. */
export interface AppendEventOptions {
  /** When the event happened (ISO), if not now: e.g. an alert's receivedAt. */
  readonly ts?: string;
}

/**
 * Append one event to the environment's timeline.jsonl. Synchronous append of
 * a single line, so events from concurrent steps never interleave mid-line.
 * Events stamped with an earlier `ts` are appended all the same: readers that
 * need chronological order sort by `ts`.
 */
export function appendEvent(name: string, type: string, message: string, data?: Record<string, unknown>, options: AppendEventOptions = {}): TimelineEvent {
  return appendEventIn(homePaths.env(name), type, message, data, options);
}

/** appendEvent into the timeline of directory `dir` (an environment's, or its archive after `down`). */
export function appendEventIn(dir: string, type: string, message: string, data?: Record<string, unknown>, options: AppendEventOptions = {}): TimelineEvent {
  const event: TimelineEvent = { ts: options.ts ?? new Date().toISOString(), type, message, ...(data ? { data } : {}) };
  mkdirSync(dir, { recursive: true });
  appendFileSync(timelineFileIn(dir), `${JSON.stringify(event)}\n`);
  return event;
}

export async function readTimeline(name: string): Promise<TimelineEvent[]> {
  return readTimelineIn(homePaths.env(name));
}

/** readTimeline of directory `dir`. */
export async function readTimelineIn(dir: string): Promise<TimelineEvent[]> {
  const text = await readFile(timelineFileIn(dir), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => timelineEventSchema.parse(JSON.parse(line)));
}
