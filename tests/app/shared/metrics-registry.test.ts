import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../../app/shared/metrics-registry.js';
import { checkWithPromtool, getSampleValue, parsePromText } from '../support/prom-text.js';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms that promtool accepts', async () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('demo_requests_total', 'Requests.');
    const temperature = registry.gauge('demo_temperature_celsius', 'Temperature.');
    const latency = registry.histogram('demo_latency_seconds', 'Latency.', [0.1, 1]);
    requests.inc({ code: '200' });
    requests.inc({ code: '200' }, 2);
    requests.inc({ code: '500' });
    temperature.set(-3.5);
    latency.observe(0.05, { route: '/a' });
    latency.observe(0.5, { route: '/a' });
    latency.observe(7, { route: '/a' });

    const text = await registry.render();
    expect(await checkWithPromtool(text)).toEqual({ exitCode: 0, output: '' });
    const samples = parsePromText(text);
    expect(getSampleValue(samples, 'demo_requests_total', { code: '200' })).toBe(3);
    expect(getSampleValue(samples, 'demo_temperature_celsius')).toBe(-3.5);
    expect(getSampleValue(samples, 'demo_latency_seconds_bucket', { route: '/a', le: '0.1' })).toBe(1);
    expect(getSampleValue(samples, 'demo_latency_seconds_bucket', { route: '/a', le: '1' })).toBe(2);
    expect(getSampleValue(samples, 'demo_latency_seconds_bucket', { route: '/a', le: '+Inf' })).toBe(3);
    expect(getSampleValue(samples, 'demo_latency_seconds_sum', { route: '/a' })).toBeCloseTo(7.55);
    expect(getSampleValue(samples, 'demo_latency_seconds_count', { route: '/a' })).toBe(3);
  });

  it('escapes quotes, backslashes and newlines in label values', async () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_paths_total', 'Paths.').inc({ path: 'a"b\\c\nd' });
    const text = await registry.render();
    expect(text).toContain('demo_paths_total{path="a\\"b\\\\c\\nd"} 1');
    expect(parsePromText(text)[0]?.labels.path).toBe('a"b\\c\nd');
    expect((await checkWithPromtool(text)).exitCode).toBe(0);
  });

  it('treats label sets with the same pairs in another order as one series', async () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('demo_total', 'Demo.');
    counter.inc({ a: '1', b: '2' });
    counter.inc({ b: '2', a: '1' });
    expect(counter.get({ b: '2', a: '1' })).toBe(2);
  });

  it('runs collectors before rendering', async () => {
    const registry = new MetricsRegistry();
    const gauge = registry.gauge('demo_collected', 'Collected.');
    let calls = 0;
    registry.onCollect(() => gauge.set((calls += 1)));
    await registry.render();
    expect(await registry.render()).toContain('demo_collected 2');
  });

  it('refuses invalid and duplicate metric names', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter('bad-name', 'x')).toThrow(/invalid metric name/);
    registry.gauge('demo_once', 'x');
    expect(() => registry.gauge('demo_once', 'x')).toThrow(/already registered/);
  });
});
