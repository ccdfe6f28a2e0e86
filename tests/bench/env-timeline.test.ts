import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { extractUpTimings } from '../../bench/env-timeline.js';

const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();
const event = (seconds: number, type: string, message = type, data?: Record<string, unknown>): TimelineEvent => ({
  ts: at(seconds),
  type,
  message,
  ...(data ? { data } : {}),
});

describe('extractUpTimings', () => {
  it('takes provision from timestamps, the gates from their ms, and sums the fault injections', () => {
    const events = [
      event(0, 'provision.start'),
      event(9, 'provision.done'),
      event(12, 'gate.baseline', 'baseline healthy', { ms: 2_900 }),
      event(13, 'fault.inject', 'inject a (300 ms)', { fault: 'a', ms: 300 }),
      event(13, 'fault.inject', 'inject b (120 ms)', { fault: 'b', ms: 120 }),
      event(16, 'gate.symptom', 'every symptom observed', { ms: 2_500 }),
      event(17, 'ready'),
    ];
    expect(extractUpTimings(events)).toEqual({ provisionMs: 9_000, baselineGateMs: 2_900, injectMs: 420, symptomGateMs: 2_500 });
  });

  it('reports the first up only, not the injections a later reset appended', () => {
    const events = [
      event(0, 'provision.start'),
      event(5, 'provision.done'),
      event(6, 'gate.baseline', 'ok', { ms: 1_000 }),
      event(7, 'fault.inject', 'inject a (300 ms)', { fault: 'a', ms: 300 }),
      event(8, 'gate.symptom', 'ok', { ms: 900 }),
      event(20, 'reset'),
      event(40, 'fault.inject', 'inject a (999 ms)', { fault: 'a', ms: 999 }),
    ];
    expect(extractUpTimings(events).injectMs).toBe(300);
  });

  it('leaves out what a faultless baseline never recorded', () => {
    const timings = extractUpTimings([event(0, 'provision.start'), event(5, 'provision.done'), event(6, 'gate.baseline', 'ok', { ms: 1_000 })]);
    expect(timings.injectMs).toBeUndefined();
    expect(timings.symptomGateMs).toBeUndefined();
  });
});
