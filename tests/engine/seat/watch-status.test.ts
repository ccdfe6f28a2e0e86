import { describe, expect, it } from 'vitest';
import { formatStatusLine } from '../../../src/engine/seat/watch.js';
import { niceCeiling, renderChartSvg } from '../../../src/engine/seat/svg-chart.js';
import { scriptSafeJson } from '../../../src/engine/seat/report-html.js';

describe('watch status line', () => {
  it('says alerts firing, the last check and time since ready in one line', () => {
    const now = new Date('2025-01-01T10:12:03Z');
    expect(
      formatStatusLine({ env: 'disk-ada-1', readyAt: '2025-01-01T10:00:00Z', firing: ['OrdersHighErrorRate'], lastCheck: { passed: false, ts: '2025-01-01T10:10:03Z' }, openSessions: 1 }, now),
    ).toBe('disk-ada-1 │ ready 12m3s ago │ firing: OrdersHighErrorRate │ last check: FAILED 2m ago │ 1 open session');
    expect(formatStatusLine({ env: 'e', readyAt: null, firing: null, lastCheck: null, openSessions: 2 }, now)).toBe('e │ not ready │ alerts: ? │ no check yet │ 2 open sessions');
    expect(formatStatusLine({ env: 'e', readyAt: null, firing: [], lastCheck: null, openSessions: 0 }, now)).toContain('no alert firing');
  });
});

describe('report charts and embedding', () => {
  it('draws one dot per point, alert bands and escapes labels', () => {
    const svg = renderChartSvg({
      series: { id: 'errors', title: 'Errors <5xx>', unit: '%', expr: 'x', points: [[0, 0], [50, 100], [100, 20]] },
      from: 0,
      to: 100,
      alerts: [{ name: 'A&B', from: 40, to: 60 }],
      markers: [{ at: 10, label: 'ready', kind: 'ready' }],
      zero: 10,
    });
    expect(svg.match(/<circle class="pt"/g)).toHaveLength(3);
    expect(svg).toContain('data-points="3"');
    expect(svg).toContain('<title>A&amp;B firing</title>');
    expect(svg).toContain('aria-label="Errors &lt;5xx&gt;"');
    expect(svg).toContain('>100</text>');
    expect(niceCeiling(3.7)).toBe(5);
    expect(niceCeiling(0)).toBe(1);
  });

  it('embeds recordings as JSON that cannot close the script element', () => {
    const json = scriptSafeJson({ cast: 'echo </script><script>alert(1)</script> <!--' });
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(json)).toEqual({ cast: 'echo </script><script>alert(1)</script> <!--' });
  });
});
