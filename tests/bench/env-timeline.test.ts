import { describe, expect, it } from 'vitest';
import { timelineEventSchema, type TimelineEvent } from '../../src/core/timeline.js';
import { extractUpTimings } from '../../bench/env-timeline.js';

const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();
const provisionStart = (s: number): TimelineEvent => ({ ts: at(s), type: 'provision.start', message: 'provisioning', data: { seed: 1 } });
const provisionDone = (s: number): TimelineEvent => ({ ts: at(s), type: 'provision.done', message: 'booted', data: { ms: 1 } });
const baseline = (s: number, ms: number): TimelineEvent => ({ ts: at(s), type: 'gate.baseline', message: 'ok', data: { passed: true, ms, firstPassMs: {}, criteria: [] } });
const symptom = (s: number, ms: number): TimelineEvent => ({ ts: at(s), type: 'gate.symptom', message: 'ok', data: { passed: true, ms, symptoms: [] } });
// The message says a different number on purpose: the bench must take data.ms, never read the message.
const inject = (s: number, fault: string, ms: number): TimelineEvent => ({ ts: at(s), type: 'fault.inject', message: `inject ${fault} (1 ms)`, data: { fault, params: {}, ms } });

describe('extractUpTimings', () => {
  it('takes provision from timestamps, the gates from their ms, and sums the fault injections', () => {
    const events: TimelineEvent[] = [
      provisionStart(0),
      provisionDone(9),
      baseline(12, 2_900),
      inject(13, 'a', 300),
      inject(13, 'b', 120),
      symptom(16, 2_500),
      { ts: at(17), type: 'ready', message: 'ready', data: { ms: 17_000 } },
    ];
    expect(extractUpTimings(events)).toEqual({ provisionMs: 9_000, baselineGateMs: 2_900, injectMs: 420, symptomGateMs: 2_500 });
  });

  it('reports the first up only, not the injections a later reset appended', () => {
    const events: TimelineEvent[] = [
      provisionStart(0),
      provisionDone(5),
      baseline(6, 1_000),
      inject(7, 'a', 300),
      symptom(8, 900),
      { ts: at(20), type: 'reset', message: 'reset', data: { seed: 1 } },
      inject(40, 'a', 999),
    ];
    expect(extractUpTimings(events).injectMs).toBe(300);
  });

  it('leaves out what a faultless baseline never recorded', () => {
    const timings = extractUpTimings([provisionStart(0), provisionDone(5), baseline(6, 1_000)]);
    expect(timings.injectMs).toBeUndefined();
    expect(timings.symptomGateMs).toBeUndefined();
  });
});

it('the fixtures are events the schema accepts', () => {
  for (const event of [provisionStart(0), provisionDone(1), baseline(2, 3), symptom(3, 4), inject(4, 'a', 5)]) expect(timelineEventSchema.parse(event)).toEqual(event);
});
