import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timelineEventSchema, type TimelineEvent } from '../src/core/timeline.js';

/** Durations an `up` recorded in its own timeline; undefined when the event is missing. */
export interface UpTimings {
  /** provision.start → provision.done (timestamps). */
  readonly provisionMs: number | undefined;
  /** gate.baseline data.ms: time from machines booted to baseline healthy. */
  readonly baselineGateMs: number | undefined;
  /** Sum of the fault.inject durations (one event per fault). */
  readonly injectMs: number | undefined;
  /** gate.symptom data.ms: inject done → every symptom observed. */
  readonly symptomGateMs: number | undefined;
}

/** Events of $home/envs/<name>/timeline.jsonl, in file order. */
export async function readEnvTimeline(home: string, envName: string): Promise<TimelineEvent[]> {
  const text = await readFile(join(home, 'envs', envName, 'timeline.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => timelineEventSchema.parse(JSON.parse(line)));
}

/** The timings of the first `up` in these events (a later reset appends a second set). */
export function extractUpTimings(events: readonly TimelineEvent[]): UpTimings {
  const first = (type: string): TimelineEvent | undefined => events.find((e) => e.type === type);
  const start = first('provision.start');
  const done = first('provision.done');
  const injects = events.slice(0, indexOrEnd(events, 'gate.symptom')).filter((e) => e.type === 'fault.inject');
  const injectMs = injects.map((e) => numberField(e, 'ms'));
  return {
    provisionMs: start && done ? Date.parse(done.ts) - Date.parse(start.ts) : undefined,
    baselineGateMs: numberField(first('gate.baseline'), 'ms'),
    injectMs: injects.length > 0 && injectMs.every((ms) => ms !== undefined) ? injectMs.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined,
    symptomGateMs: numberField(first('gate.symptom'), 'ms'),
  };
}

function indexOrEnd(events: readonly TimelineEvent[], type: string): number {
  const index = events.findIndex((e) => e.type === type);
  return index === -1 ? events.length : index;
}

function numberField(event: TimelineEvent | undefined, field: string): number | undefined {
  const value = event?.data?.[field];
  return typeof value === 'number' ? value : undefined;
}
