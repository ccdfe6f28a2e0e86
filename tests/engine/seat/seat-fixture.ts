import { formatAsciicast } from '../../../src/access/asciicast.js';
import type { TimelineEvent } from '../../../src/core/timeline.js';
import { LADDER } from '../../../src/engine/seat/ladder.js';
import type { MetricsSnapshot } from '../../../src/engine/seat/metrics.js';
import type { InterviewModel } from '../../../src/engine/seat/report-html.js';
import { listPanelNotes } from '../../../src/engine/seat/seat-report.js';
import { tallyVotes, type TallyOptions } from '../../../src/engine/seat/votes.js';
import { buildReport } from '../../../src/engine/report-model.js';
import { parseScenario } from '../../../src/schema/load-scenario.js';
import { HINTFUL_SCENARIO, sampleTimeline } from '../fixtures/fake-env.js';

export const READY = '2025-03-04T10:00:00.000Z';
const readyS = Date.parse(READY) / 1000;
export const SESSION_ID = 'edge-20250304-100200';

/** Timeline of the sample interview plus panel, notes and votes. */
export function seatTimeline(votes: readonly { panelist: string; vote: '+1' | '-2'; comment: string | null }[]): TimelineEvent[] {
  return [
    ...sampleTimeline(),
    { ts: '2025-03-04T10:01:00.000Z', type: 'panel', message: 'panel: ada, grace', data: { panelists: ['ada', 'grace'] } },
    { ts: '2025-03-04T10:04:00.000Z', type: 'note', message: 'note by ada', data: { text: 'Reads the edge error log <first>', author: 'ada' } },
    ...votes.map((vote, i): TimelineEvent => ({ ts: `2025-03-04T10:3${i}:00.000Z`, type: 'vote', message: `${vote.panelist} voted`, data: vote })),
  ];
}

/** Ten minutes of synthetic metrics with an error spike and one alert band. */
export function sampleMetrics(): MetricsSnapshot {
  const points = (f: (i: number) => number): [number, number][] => Array.from({ length: 60 }, (_, i) => [readyS - 120 + i * 10, f(i)]);
  return {
    version: 1,
    from: readyS - 120,
    to: readyS + 470,
    stepSeconds: 10,
    capturedAt: '2025-03-04T10:08:00.000Z',
    series: [
      { id: 'requests', title: 'Request rate', unit: 'req/s', expr: 'x', points: points(() => 4) },
      { id: 'errors', title: 'Error rate (5xx)', unit: '%', expr: 'x', points: points((i) => (i > 10 && i < 40 ? 30 : 0)) },
      { id: 'latency', title: 'Latency p95', unit: 'ms', expr: 'x', points: points((i) => 10 + (i % 7)) },
      { id: 'disk', title: 'Data volume used (/var/lib/orders)', unit: '%', expr: 'x', points: points((i) => Math.min(100, i * 3)) },
    ],
    alerts: [{ name: 'OrdersHighErrorRate', from: readyS + 10, to: readyS + 280 }],
  };
}

/** A recording: the candidate types a command whose output differs from what was typed. */
export function sampleCast(): string {
  return formatAsciicast({
    header: { version: 2, width: 80, height: 24, title: 'candidate@edge' },
    events: [
      [0.2, 'o', 'candidate@edge:~$ '],
      [0.6, 'i', 'echo browser-$((6*7))-marker\r'],
      [0.7, 'o', 'echo browser-$((6*7))-marker\r\n'],
      [1.4, 'o', 'browser-42-marker\r\ncandidate@edge:~$ '],
      [2.5, 'o', 'exit\r\n'],
    ],
  });
}

export function sampleInterview(votes: TallyOptions & { cast: Parameters<typeof seatTimeline>[0] }): InterviewModel {
  const scenario = parseScenario(HINTFUL_SCENARIO, '/scenarios/hintful.yaml');
  const events = seatTimeline(votes.cast);
  const state = { name: 'hintful-ada-a1b2c3', scenario: 'hintful', candidate: 'ada', target: 'local' as const, seed: 42, phase: 'ready' as const, createdAt: '2025-03-04T09:58:00.000Z', readyAt: READY };
  const sessions = [{ id: SESSION_ID, machine: 'edge', user: 'candidate', clientIp: '10.254.251.1', mode: 'tty' as const, command: null, started: '2025-03-04T10:02:00.000Z', ended: '2025-03-04T10:20:05.000Z', exitStatus: 0, castPath: `/x/${SESSION_ID}.cast` }];
  const base = buildReport({ state, scenario, events, sessions, now: new Date('2025-03-04T10:40:00.000Z') });
  return {
    ...base,
    seat: {
      panelNotes: listPanelNotes(events, READY),
      votes: tallyVotes(events, votes),
      writeup: { text: '# Write-up\n\n## Problem 1\n\n### What was wrong\n\nnginx pointed at 8081 <script>alert(1)</script>\n', untouched: false },
      metrics: sampleMetrics(),
      metricsNote: null,
      ladder: { level: scenario.level, steps: LADDER },
    },
  };
}
