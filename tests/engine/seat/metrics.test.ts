import { describe, expect, it } from 'vitest';
import type { Executor } from '../../../src/core/executor.js';
import { alertBands, captureMetrics, chooseStep, METRIC_CHARTS } from '../../../src/engine/seat/metrics.js';

/** An executor that answers `curl … query_range` like Prometheus does, recording the queries. */
function prometheusOnMon(answer: (query: string) => unknown): { exec: Executor; queries: string[] } {
  const queries: string[] = [];
  const exec: Executor = {
    async exec(machine, argv) {
      expect(machine).toBe('mon');
      const query = argv.find((arg) => arg.startsWith('query='))?.slice('query='.length) ?? '';
      queries.push(query);
      return { exitCode: 0, stderr: '', stdout: JSON.stringify(answer(query)) };
    },
    sh: async () => ({ exitCode: 1, stdout: '', stderr: 'unused' }),
    readFile: async () => '',
    writeFile: async () => undefined,
  };
  return { exec, queries };
}

describe('report metrics', () => {
  it('keeps charts at ≤ ~240 points and never below the 5 s scrape interval', () => {
    expect(chooseStep(0, 600)).toBe(5);
    expect(chooseStep(0, 3600)).toBe(15);
    expect(chooseStep(0, 4 * 3600)).toBe(60);
  });

  it('turns ALERTS samples into one band per alert and firing stretch', () => {
    const series = (alertname: string, times: number[]) => ({ metric: { alertname }, values: times.map((t): [number, string] => [t, '1']) });
    const bands = alertBands([series('A', [100, 110, 120, 200, 210]), series('B', [105, 115])], 10);
    expect(bands).toEqual([
      { name: 'A', from: 100, to: 120 },
      { name: 'B', from: 105, to: 115 },
      { name: 'A', from: 200, to: 210 },
    ]);
  });

  it('captures every chart and the alert bands with range queries on mon, dropping NaN samples', async () => {
    const { exec, queries } = prometheusOnMon((query) => ({
      status: 'success',
      data: { result: query.includes('ALERTS') ? [{ metric: { alertname: 'OrdersHighErrorRate' }, values: [[1005, '1']] }] : [{ metric: {}, values: [[1000, '1.5'], [1005, 'NaN'], [1010, '2']] }] },
    }));
    const snapshot = await captureMetrics(exec, new Date(1_000_000), new Date(1_600_000));
    expect(snapshot).toMatchObject({ from: 1000, to: 1600, stepSeconds: 5 });
    expect(snapshot.series.map((s) => s.id)).toEqual(['requests', 'errors', 'latency', 'disk']);
    for (const series of snapshot.series) expect(series.points).toEqual([[1000, 1.5], [1010, 2]]);
    expect(snapshot.alerts).toEqual([{ name: 'OrdersHighErrorRate', from: 1005, to: 1005 }]);
    expect(queries).toEqual([...METRIC_CHARTS.map((c) => c.expr), 'max by (alertname) (ALERTS{alertstate="firing"})']);
  });

  it('fails with COMMAND_FAILED naming the query when Prometheus answers an error', async () => {
    const { exec } = prometheusOnMon(() => ({ status: 'error', error: 'bad' }));
    await expect(captureMetrics(exec, new Date(0), new Date(60_000))).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
  });
});
