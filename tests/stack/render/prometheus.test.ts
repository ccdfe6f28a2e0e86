import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAlertRulesYaml } from '../../../src/stack/render/alert-rules.js';
import { PROMETHEUS_RULE_GLOB, renderPrometheusConfig, renderPrometheusFiles } from '../../../src/stack/render/prometheus.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { contentOf, makeStackInput, makeTempDir, runTool } from '../stack-fixture.js';

interface Target {
  labels: Record<string, string>;
}

describe('renderPrometheusConfig', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;
  let configPath: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('prometheus'));
    ({ input } = await makeStackInput(dir));
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'rules', 'orders.rules.yml'), renderAlertRulesYaml());
    configPath = join(dir, 'prometheus.yml');
    await writeFile(configPath, renderPrometheusConfig(input).replace(PROMETHEUS_RULE_GLOB, join(dir, 'rules', '*.yml')));
  });
  afterAll(() => cleanup());

  /** What Prometheus would scrape for `job`, after relabelling (promtool runs the real discovery). */
  async function discover(job: string): Promise<Target[]> {
    const result = await runTool('promtool', ['check', 'service-discovery', '--timeout=1s', configPath, job]);
    expect(result.exitCode, result.output).toBe(0);
    return JSON.parse(result.output.slice(result.output.indexOf('['))) as Target[];
  }

  it('passes promtool check config, rule files included', async () => {
    const result = await runTool('promtool', ['check', 'config', configPath]);
    expect(result.output).toContain('SUCCESS: 1 rule files found');
    expect(result.output).toContain('SUCCESS: 8 rules found');
    expect(result.exitCode).toBe(0);
  });

  it('fails promtool check config when a rule file is broken, so the check can fail', async () => {
    const brokenDir = join(dir, 'broken');
    await mkdir(brokenDir);
    await writeFile(join(brokenDir, 'orders.rules.yml'), renderAlertRulesYaml().replace('up == 0', 'up === 0'));
    const brokenConfig = join(dir, 'broken.yml');
    await writeFile(brokenConfig, renderPrometheusConfig(input).replace(PROMETHEUS_RULE_GLOB, join(brokenDir, '*.yml')));
    expect((await runTool('promtool', ['check', 'config', brokenConfig])).exitCode).not.toBe(0);
  });

  it('scrapes, evaluates and alerts every 5 seconds to the local Alertmanager', () => {
    const config = parse(renderPrometheusConfig(input));
    expect(config.global).toMatchObject({ scrape_interval: '5s', evaluation_interval: '5s' });
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['localhost:9093']);
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
  });

  it('scrapes node-exporter on all four machines', async () => {
    const targets = await discover('node');
    expect(targets.map((t) => t.labels.instance)).toEqual(['edge:9100', 'app:9100', 'store:9100', 'mon:9100']);
    expect(targets.map((t) => t.labels.machine)).toEqual(['edge', 'app', 'store', 'mon']);
  });

  it('labels the two orders instances app-1 and app-2', async () => {
    const targets = await discover('orders');
    expect(targets.map((t) => [t.labels.__address__, t.labels.instance])).toEqual([
      ['app:8081', 'app-1'],
      ['app:8082', 'app-2'],
    ]);
  });

  it('probes the edge through the blackbox exporter on mon with one module per URL', async () => {
    // one target group per probe: promtool lists groups in no fixed order
    const targets = (await discover('blackbox-edge')).sort((a, b) => b.labels.__param_module!.localeCompare(a.labels.__param_module!));
    expect(targets.map((t) => t.labels)).toEqual([
      expect.objectContaining({
        __address__: 'mon:9115',
        __metrics_path__: '/probe',
        __param_module: 'https_orders',
        __param_target: 'https://edge/api/orders',
        instance: 'https://edge/api/orders',
      }),
      expect.objectContaining({
        __address__: 'mon:9115',
        __param_module: 'https_healthz',
        __param_target: 'https://edge/healthz',
        instance: 'https://edge/healthz',
      }),
    ]);
  });

  it('scrapes etcd, Prometheus, Alertmanager and the blackbox exporter themselves', async () => {
    expect((await discover('etcd'))[0]?.labels.instance).toBe('store:2379');
    expect((await discover('prometheus'))[0]?.labels.instance).toBe('localhost:9090');
    expect((await discover('alertmanager'))[0]?.labels.instance).toBe('localhost:9093');
  });

  it('gives Debian\'s unit the lifecycle API and six hours of retention', () => {
    const defaults = contentOf(renderPrometheusFiles(input), '/etc/default/prometheus');
    const args = /^ARGS="(.*)"$/m.exec(defaults)?.[1]?.split(' ') ?? [];
    expect(args).toContain('--web.enable-lifecycle');
    expect(args).toContain('--storage.tsdb.retention.time=6h');
    expect(args).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });

  it('is accepted by the prometheus binary\'s own flag parser', async () => {
    const defaults = contentOf(renderPrometheusFiles(input), '/etc/default/prometheus');
    const args = /^ARGS="(.*)"$/m.exec(defaults)?.[1]?.split(' ') ?? [];
    // --help exits 0 only after every flag given before it parsed.
    const result = await runTool('prometheus', [...args, '--help']);
    expect(result.exitCode, result.output).toBe(0);
  });
});
