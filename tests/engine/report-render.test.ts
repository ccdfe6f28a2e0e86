import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { buildReport } from '../../src/engine/report-model.js';
import { renderReportMarkdown, renderReportText } from '../../src/engine/report-render.js';
import { parseScenario } from '../../src/schema/load-scenario.js';
import { HINTFUL_SCENARIO, sampleTimeline } from './fixtures/fake-env.js';

const scenario = parseScenario(HINTFUL_SCENARIO, '/scenarios/hintful.yaml');
const state = { name: 'hintful-ada-a1b2c3', scenario: 'hintful', candidate: 'ada', target: 'local' as const, seed: 42, phase: 'ready' as const, createdAt: '2025-03-04T09:58:00.000Z', readyAt: '2025-03-04T10:00:00.000Z' };
const sessions = [
  { id: 'edge-20250304-100200', machine: 'edge', user: 'candidate', clientIp: '10.254.251.1', mode: 'tty' as const, command: null, started: '2025-03-04T10:02:00.000Z', ended: '2025-03-04T10:20:05.000Z', exitStatus: 0, castPath: '/x/edge-20250304-100200.cast' },
];
const report = (events: readonly TimelineEvent[] = sampleTimeline()) => buildReport({ state, scenario, events, sessions, now: new Date('2025-03-04T10:40:00.000Z') });

describe('renderReportText', () => {
  it('shows the headline, the timeline with offsets, the verdict with evidence, sessions and the debrief', () => {
    const text = renderReportText(report());
    expect(text).toContain('resolved   in 21m30s (first passing check at 10:21:30 UTC)');
    expect(text).toContain('timebox    30m: within (21m30s to resolve)');
    expect(text).toContain('hints      1 of 2 given');
    expect(text).toMatch(/\+3m\s+10:03:00\s+hint 1: Look at what edge logs for \/api\/ requests\./);
    expect(text).toMatch(/\+1m15s\s+10:01:15\s+alert firing: OrdersHighErrorRate/);
    expect(text).toContain('Final check (+21m30s): PASSED');
    expect(text).toContain('    [pass] edge proxies /api/ to orders on 8080\n           nginx -T: proxy_pass http://orders_up;\n           upstream orders_up');
    expect(text).toContain('play: faultline play hintful-ada-a1b2c3 edge-20250304-100200');
    expect(text).toMatch(/edge-20250304-100200\s+edge\s+candidate\s+\+2m\s+18m5s/);
    expect(text).toContain('Root cause: nginx proxies /api/ to port 8081 while orders listens on 8080.');
    expect(text).toContain('    - Verifies the fix with a request through edge.');
  });

  it('flags an exceeded timebox and an unresolved run', () => {
    const text = renderReportText(report(sampleTimeline().filter((e) => e.type !== 'check')));
    expect(text).toContain('resolved   unresolved (no check has been run)');
    expect(text).toContain('timebox    30m: EXCEEDED by 10m (40m elapsed, still unresolved)');
    expect(text).toContain('Final check: none run yet');
  });
});

describe('renderReportMarkdown', () => {
  it('renders the same report as Markdown sections, tables and fenced evidence', () => {
    const md = renderReportMarkdown(report());
    expect(md.startsWith('# Report: hintful-ada-a1b2c3\n')).toBe(true);
    expect(md).toContain('- **resolved**: in 21m30s (first passing check at 10:21:30 UTC)');
    expect(md).toContain('| +3m | 10:03:00 | hint 1: Look at what edge logs for /api/ requests. |');
    expect(md).toContain('**PASSED** at +21m30s.');
    expect(md).toContain('- ✅ edge proxies /api/ to orders on 8080\n\n  ```\n  nginx -T: proxy_pass http://orders_up;\n  upstream orders_up { server 10.254.251.11:8080; }\n  ```');
    expect(md).toContain('| edge-20250304-100200 | edge | candidate | +2m | 18m5s | `faultline play hintful-ada-a1b2c3 edge-20250304-100200` |');
    expect(md).toContain('**Root cause:** nginx proxies /api/ to port 8081 while orders listens on 8080.');
    expect(md).not.toMatch(/\n\n\n/);
  });

  it('keeps table rows intact and evidence literal when the text contains pipes, newlines, HTML or backticks', () => {
    const events: TimelineEvent[] = [
      { ts: '2025-03-04T10:00:00.000Z', type: 'ready', message: 'ready' },
      { ts: '2025-03-04T10:01:00.000Z', type: 'hint', message: 'h', data: { index: 1, text: 'run `ss -ltnp | grep 808`\non <app>', total: 1 } },
      {
        ts: '2025-03-04T10:02:00.000Z',
        type: 'check',
        message: 'check failed',
        data: { passed: false, faults: [{ fault: 'f', passed: false, criteria: [{ name: 'n', passed: false, evidence: 'line ```one```\n\nline three' }] }] },
      },
    ];
    const md = renderReportMarkdown(report(events));
    expect(md).toContain('| +1m | 10:01:00 | hint 1: run `ss -ltnp \\| grep 808` on &lt;app&gt; |');
    expect(md).toContain('- ❌ n\n\n  ````\n  line ```one```\n  \n  line three\n  ````');
  });
});
