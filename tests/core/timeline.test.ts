import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEventIn, readTimelineIn, readTimelineWithSkipsIn, TIMELINE_EVENT_TYPES, timelineFileIn, type TimelineEventInput, type TimelineEventType } from '../../src/core/timeline.js';

const criterion = { name: 'edge answers 200', passed: true, evidence: 'HTTP 200' };
const session = { session: 's1', machine: 'edge', user: 'candidate', clientIp: '127.0.0.1', mode: 'tty', command: null };

/** One event of every kind. A Record over the kinds, so a kind added to the schema without a sample here fails to compile. */
const SAMPLES: Record<TimelineEventType, TimelineEventInput> = {
  'provision.start': { type: 'provision.start', message: 'provisioning 4 machines on local', data: { seed: 42 } },
  'provision.done': { type: 'provision.done', message: 'machines booted in 9s', data: { ms: 9_000 } },
  'gate.baseline': { type: 'gate.baseline', message: 'baseline healthy', data: { passed: true, ms: 2_900, firstPassMs: { 'units active': 120 }, criteria: [criterion] } },
  'gate.symptom': { type: 'gate.symptom', message: 'every symptom observed', data: { passed: true, ms: 2_500, symptoms: [{ fault: 'f', observed: true, evidence: '502' }] } },
  'fault.inject': { type: 'fault.inject', message: 'inject f (300 ms)', data: { fault: 'f', params: { variant: 'port' }, ms: 300 } },
  'fault.solve': { type: 'fault.solve', message: 'solve f (20 ms)', data: { fault: 'f', params: {}, ms: 20 } },
  'fault.revert': { type: 'fault.revert', message: 'revert f (20 ms)', data: { fault: 'f', params: {}, ms: 20 } },
  'fault.log': { type: 'fault.log', message: 'f: port certificate served', data: { fault: 'f', details: { variant: 'port' } } },
  handouts: { type: 'handouts', message: 'handed out edge:/root/PROBLEM.md', data: { files: [{ role: 'edge', path: '/root/PROBLEM.md' }] } },
  ready: { type: 'ready', message: 'ready in 2m0s', data: { ms: 120_000 } },
  failed: { type: 'failed', message: 'baseline gate failed: unhealthy', data: { step: 'baseline gate', error: 'unhealthy' } },
  check: { type: 'check', message: 'check failed', data: { passed: false, faults: [{ fault: 'f', passed: false, criteria: [{ ...criterion, passed: false }] }] } },
  alert: { type: 'alert', message: 'firing: A', data: { status: 'firing', alerts: ['A'], receivedAt: '2026-01-01T00:00:00.000Z', receiver: 'faultline', groupKey: 'g' } },
  hint: { type: 'hint', message: 'hint 1 of 2 given', data: { index: 1, text: 'look at edge', total: 2 } },
  reset: { type: 'reset', message: 'reset to seed 42 from the pool', data: { seed: 42, from: 'pool', into: 'pool-a00001' } },
  down: { type: 'down', message: 'destroying environment', data: {} },
  'selftest.step': { type: 'selftest.step', message: 'verify fails: ok', data: { step: 'verify fails', passed: true, evidence: 'not fixed' } },
  'selftest.wrong-fix': { type: 'selftest.wrong-fix', message: 'wrong fix f/w: rejected', data: { fault: 'f', wrongFix: 'w', rejected: true, failing: ['edge answers 200'] } },
  pooled: { type: 'pooled', message: 'pooled in 9.1s', data: { ms: 9_100 } },
  'pool.taken': { type: 'pool.taken', message: 'taken from the warm pool for ada', data: { kind: 'warm', pooledAt: '2026-12-02T10:00:00.000Z', seed: 7 } },
  'access.key': { type: 'access.key', message: 'new candidate key SHA256:abc', data: { fingerprint: 'SHA256:abc' } },
  'access.published': { type: 'access.published', message: 'candidate SSH on 127.0.0.1:2222 → edge:22', data: { bindAddress: '127.0.0.1', port: 2222 } },
  'teleport.registered': { type: 'teleport.registered', message: 'Teleport node n at a:22', data: { nodeId: 'u', addr: 'a:22', via: 'file' } },
  'session.start': { type: 'session.start', message: 'candidate opened an interactive shell on edge', data: session },
  'session.end': { type: 'session.end', message: 'candidate left edge (exit 0)', data: { ...session, exitStatus: 0 } },
  note: { type: 'note', message: 'note by ada', data: { text: 'went to nginx first', author: 'ada' } },
  vote: { type: 'vote', message: 'ada voted', data: { panelist: 'ada', vote: '+1', comment: null } },
  panel: { type: 'panel', message: 'panel: ada, grace', data: { panelists: ['ada', 'grace'] } },
  'writeup.collected': { type: 'writeup.collected', message: 'write-up collected (12 lines)', data: { sha256: 'ab', lines: 12, untouched: false } },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-timeline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('timeline events', () => {
  it('every kind of the schema round-trips: appended, read back unchanged, typed', async () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...TIMELINE_EVENT_TYPES].sort());
    const written = TIMELINE_EVENT_TYPES.map((type, i) => appendEventIn(dir, SAMPLES[type], { ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
    const read = await readTimelineIn(dir);
    expect(read).toEqual(written);
    expect(read.map((event) => event.type)).toEqual([...TIMELINE_EVENT_TYPES]);
    expect(read.map(({ ts: _ts, ...event }) => event)).toEqual(TIMELINE_EVENT_TYPES.map((type) => SAMPLES[type]));
  });

  it('refuses to write an event whose data does not fit its kind, and writes nothing', async () => {
    const bad = { type: 'check', message: 'check', data: { passed: 'yes' } } as unknown as TimelineEventInput;
    expect(() => appendEventIn(dir, bad)).toThrow(/passed/);
    expect(await readTimelineIn(dir)).toEqual([]);
  });

  it('skips and counts lines of no known kind or shape (older writers, torn lines) instead of failing', async () => {
    appendEventIn(dir, SAMPLES.ready);
    appendFileSync(
      timelineFileIn(dir),
      [
        JSON.stringify({ ts: '2025-01-01T00:00:00Z', type: 'fault.misrouted-service', message: 'old per-fault log type' }),
        JSON.stringify({ ts: '2025-01-01T00:00:00Z', type: 'hint', message: 'hint without data' }),
        '{"ts":"2025-01-01T00:0',
        '',
      ].join('\n'),
    );
    appendEventIn(dir, SAMPLES.down);
    const { events, skippedLines } = await readTimelineWithSkipsIn(dir);
    expect(events.map((event) => event.type)).toEqual(['ready', 'down']);
    expect(skippedLines).toBe(3);
  });

  it('still reads the kinds that carried no data before typed events', async () => {
    appendFileSync(
      timelineFileIn(dir),
      ['ready', 'failed', 'down', 'reset', 'provision.done'].map((type) => `${JSON.stringify({ ts: '2025-01-01T00:00:00Z', type, message: type })}\n`).join(''),
    );
    expect((await readTimelineWithSkipsIn(dir)).skippedLines).toBe(0);
  });
});
