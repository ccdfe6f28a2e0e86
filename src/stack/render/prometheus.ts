import { stringify } from 'yaml';
import { PATHS, PORTS } from '../topology.js';
import { ROLES } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/** Glob Prometheus loads rule files from; the orders rules are PATHS.prometheusRules. */
export const PROMETHEUS_RULE_GLOB = '/etc/prometheus/rules/*.yml';

/**
 * Flags for Debian's prometheus.service (`ExecStart=/usr/bin/prometheus $ARGS`).
 * `--web.enable-lifecycle` lets the engine POST /-/reload after a config change.
 */
export const PROMETHEUS_ARGS = [
  `--config.file=${PATHS.prometheusConfig}`,
  '--storage.tsdb.path=/var/lib/prometheus/metrics2/',
  '--storage.tsdb.retention.time=6h',
  '--web.enable-lifecycle',
  `--web.listen-address=0.0.0.0:${PORTS.prometheus}`,
] as const;

/** Blackbox probes of the edge: target URL → module in blackbox.yml. */
export const EDGE_PROBES = [
  { module: 'https_orders', target: 'https://edge/api/orders' },
  { module: 'https_healthz', target: 'https://edge/healthz' },
] as const;

/** How often Prometheus scrapes and evaluates rules, and how long a scrape may take. */
export interface ScrapeTiming {
  readonly interval: string;
  readonly timeout: string;
}

/** Steady state: what the candidate and every fault see once the environment is up. */
export const STEADY_SCRAPE: ScrapeTiming = { interval: '5s', timeout: '4s' };

/**
 * Until the baseline gate passes. Every target is first scraped at a random
 * offset within the interval, and one that was not listening yet waits a
 * whole interval more: at 5 s that was most of the gate (~10 s of it). The
 * engine switches to STEADY_SCRAPE right after the gate (Target.settleAfterBaseline).
 */
export const BOOT_SCRAPE: ScrapeTiming = { interval: '2s', timeout: '2s' };

/** prometheus.yml (with the boot-time scrape interval) and /etc/default/prometheus, for mon. */
export function renderPrometheusFiles(input: StackInput): RenderedContent[] {
  return [
    { path: PATHS.prometheusConfig, content: renderPrometheusConfig(input, BOOT_SCRAPE) },
    {
      path: '/etc/default/prometheus',
      content: `# faultline: flags for prometheus.service.\nARGS="${PROMETHEUS_ARGS.join(' ')}"\n`,
    },
  ];
}

/**
 * The scrape configuration. Targets use the machines' short names (from
 * /etc/hosts), so `instance` labels read `app:9100`; the two orders
 * instances are relabelled `app-1`/`app-2` to match ORDERS_INSTANCE.
 */
export function renderPrometheusConfig(input: Pick<StackInput, 'envName' | 'envId'>, timing: ScrapeTiming = STEADY_SCRAPE): string {
  const config = {
    global: {
      scrape_interval: timing.interval,
      evaluation_interval: timing.interval,
      scrape_timeout: timing.timeout,
      external_labels: { environment: input.envName },
    },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`localhost:${PORTS.alertmanager}`] }] }] },
    rule_files: [PROMETHEUS_RULE_GLOB],
    scrape_configs: [
      {
        job_name: 'node',
        static_configs: [{ targets: ROLES.map((role) => `${role}:${PORTS.nodeExporter}`) }],
        relabel_configs: [
          { source_labels: ['__address__'], regex: '([^:]+):\\d+', target_label: 'machine', replacement: '$1' },
        ],
      },
      {
        job_name: 'orders',
        static_configs: [{ targets: PORTS.appInstances.map((port) => `app:${port}`) }],
        relabel_configs: PORTS.appInstances.map((port, index) => ({
          source_labels: ['__address__'],
          regex: `app:${port}`,
          target_label: 'instance',
          replacement: `app-${index + 1}`,
        })),
      },
      { job_name: 'etcd', static_configs: [{ targets: [`store:${PORTS.etcdClient}`] }] },
      { job_name: 'prometheus', static_configs: [{ targets: [`localhost:${PORTS.prometheus}`] }] },
      { job_name: 'alertmanager', static_configs: [{ targets: [`localhost:${PORTS.alertmanager}`] }] },
      { job_name: 'blackbox', static_configs: [{ targets: [`localhost:${PORTS.blackbox}`] }] },
      {
        job_name: 'blackbox-edge',
        metrics_path: '/probe',
        static_configs: EDGE_PROBES.map((probe) => ({ targets: [probe.target], labels: { module: probe.module } })),
        relabel_configs: [
          { source_labels: ['__address__'], target_label: '__param_target' },
          { source_labels: ['module'], target_label: '__param_module' },
          { source_labels: ['__param_target'], target_label: 'instance' },
          { target_label: '__address__', replacement: `mon:${PORTS.blackbox}` },
        ],
      },
    ],
  };
  return `# faultline ${input.envName} (${input.envId}): Prometheus on mon.\n${stringify(config, { lineWidth: 0 })}`;
}
