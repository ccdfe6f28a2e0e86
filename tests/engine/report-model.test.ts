import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/access/sessions.js';
import { parseTimeline, type TimelineEvent } from '../../src/core/timeline.js';
import { buildReport, formatOffset, measureResolution, type ReportInput } from '../../src/engine/report-model.js';
import { parseScenario } from '../../src/schema/load-scenario.js';
import { HINTFUL_SCENARIO, check, sampleTimeline } from './fixtures/fake-env.js';

const scenario = parseScenario(HINTFUL_SCENARIO, '/scenarios/hintful.yaml');
const state: ReportInput['state'] = {
  name: 'hintful-ada-a1b2c3',
  scenario: 'hintful',
  candidate: 'ada',
  target: 'local',
  seed: 42,
  phase: 'ready',
  createdAt: '2025-03-04T09:58:00.000Z',
  readyAt: '2025-03-04T10:00:00.000Z',
};
const session = (id: string, started: string, ended: string | null, mode: SessionSummary['mode'] = 'tty'): SessionSummary => ({
  id,
  machine: 'edge',
  user: 'candidate',
  clientIp: '10.254.251.1',
  mode,
  command: null,
  started,
  ended,
  exitStatus: ended === null ? null : 0,
  castPath: mode === 'transfer' ? null : `/home/envs/${state.name}/sessions/${id}.cast`,
});
const build = (events: readonly TimelineEvent[], overrides: Partial<ReportInput> = {}) =>
  buildReport({ state, scenario, events, sessions: [], now: new Date('2025-03-04T10:40:00.000Z'), ...overrides });

describe('buildReport', () => {
  it('measures time to resolve from ready to the first passing check and keeps it within the timebox', () => {
    const report = build(sampleTimeline());
    expect(report.resolution).toEqual({ resolved: true, at: '2025-03-04T10:21:30.000Z', afterMs: 21.5 * 60_000 });
    expect(report.timebox).toEqual({ limit: '30m', limitMs: 30 * 60_000, usedMs: 21.5 * 60_000, exceeded: false, running: false });
    expect(report.verdict?.passed).toBe(true);
    expect(report.verdict?.faults[0]?.criteria.map((c) => c.name)).toEqual(['edge proxies /api/ to orders on 8080', 'GET https://edge/api/health answers 200']);
  });

  it('orders the timeline by time, with alerts synced late placed where they happened, and offsets from ready', () => {
    const report = build(sampleTimeline());
    expect(report.timeline.map((e) => [formatOffset(e.offsetMs), e.type])).toEqual([
      ['+0s', 'ready'],
      ['+1m15s', 'alert'],
      ['+3m', 'hint'],
      ['+10m', 'check'],
      ['+21m30s', 'check'],
      ['+23m', 'alert'],
    ]);
    expect(report.timeline[2]?.text).toBe('hint 1: Look at what edge logs for /api/ requests.');
    expect(report.timeline[3]?.text).toBe('check failed (misrouted-service not fixed)');
    expect(report.alerts.map((a) => [a.status, a.names])).toEqual([['firing', ['OrdersHighErrorRate']], ['resolved', ['OrdersHighErrorRate']]]);
    expect(report.hints).toEqual({ total: 2, given: [{ index: 1, text: 'Look at what edge logs for /api/ requests.', ts: '2025-03-04T10:03:00.000Z', offsetMs: 180_000 }] });
  });

  it('reports an unresolved run whose clock ran past the timebox', () => {
    const events = sampleTimeline().filter((e) => !(e.type === 'check' && (e.data as { passed: boolean }).passed));
    const report = build(events);
    expect(report.resolution).toEqual({ resolved: false, reason: '1 check, none passed' });
    expect(report.timebox).toMatchObject({ usedMs: 40 * 60_000, exceeded: true, running: true });
    expect(report.verdict?.passed).toBe(false);
  });

  it('says when no check was run', () => {
    const report = build(sampleTimeline().filter((e) => e.type !== 'check'));
    expect(report.resolution).toEqual({ resolved: false, reason: 'no check has been run' });
    expect(report.verdict).toBeNull();
  });

  it('counts only the attempt after a reset: checks, hints and the clock start over at the new ready', () => {
    const events: TimelineEvent[] = [
      ...sampleTimeline(),
      { ts: '2025-03-04T10:30:00.000Z', type: 'reset', message: 'reset to seed 42' },
      { ts: '2025-03-04T10:32:00.000Z', type: 'ready', message: 'ready in 2m0s' },
      { ts: '2025-03-04T10:35:00.000Z', type: 'check', message: 'check failed', data: check(false) },
    ];
    const report = build(events);
    expect(report.readyAt).toBe('2025-03-04T10:32:00.000Z');
    expect(report.resolution).toEqual({ resolved: false, reason: '1 check, none passed' });
    expect(report.hints.given).toEqual([]);
    expect(report.timebox).toMatchObject({ usedMs: 8 * 60_000, exceeded: false });
    // The earlier attempt stays visible, before the new ready.
    expect(report.timeline.find((e) => e.type === 'reset')).toMatchObject({ offsetMs: -120_000, text: 'reset to seed 42' });
  });

  it('lists sessions with their duration and a play command, except file transfers', () => {
    const report = build(sampleTimeline(), {
      sessions: [session('s1', '2025-03-04T10:02:00.000Z', '2025-03-04T10:20:05.000Z'), session('s2', '2025-03-04T10:25:00.000Z', null), session('s3', '2025-03-04T10:26:00.000Z', '2025-03-04T10:26:01.000Z', 'transfer')],
    });
    expect(report.sessions.map((s) => [s.id, s.offsetMs, s.durationMs, s.play])).toEqual([
      ['s1', 120_000, 18 * 60_000 + 5_000, `faultline play ${state.name} s1`],
      ['s2', 25 * 60_000, null, `faultline play ${state.name} s2`],
      ['s3', 26 * 60_000, 1_000, null],
    ]);
  });

  it('carries the debrief and still reports without a scenario, with a note', () => {
    expect(build(sampleTimeline()).debrief?.rootCause).toMatch(/8081/);
    const report = build(sampleTimeline(), { scenario: undefined, notes: ['scenario not loaded'] });
    expect(report).toMatchObject({ debrief: null, timebox: null, hints: { total: null }, notes: ['scenario not loaded'] });
  });

  it('keeps structured evidence readable and skips check lines of an unknown shape', () => {
    const lines = [
      { ts: '2025-03-04T10:00:00.000Z', type: 'ready', message: 'ready' },
      { ts: '2025-03-04T10:05:00.000Z', type: 'check', message: 'odd', data: { verdict: 'ok' } },
      { ts: '2025-03-04T10:06:00.000Z', type: 'check', message: 'check passed', data: { passed: true, faults: [{ fault: 'f', passed: true, criteria: [{ name: 'n', passed: true, evidence: { status: 200 } }] }] } },
    ];
    const { events, skippedLines } = parseTimeline(lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(skippedLines).toBe(1);
    const report = build(events);
    expect(report.checks).toHaveLength(1);
    expect(report.verdict?.faults[0]?.criteria[0]?.evidence).toBe('{"status":200}');
  });
});

describe('measureResolution', () => {
  it('ignores a passing check from before the environment was ready', () => {
    const early = { ts: '2025-03-04T09:59:00.000Z', offsetMs: -60_000, passed: true, faults: [] };
    expect(measureResolution('2025-03-04T10:00:00.000Z', [early])).toEqual({ resolved: false, reason: '1 check, none passed' });
  });

  it('is unresolved when the environment never became ready', () => {
    expect(measureResolution(null, [])).toEqual({ resolved: false, reason: 'the environment never became ready' });
  });
});
