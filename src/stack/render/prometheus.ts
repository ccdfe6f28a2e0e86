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

/** prometheus.yml and /etc/default/prometheus, for mon. */
export function renderPrometheusFiles(input: StackInput): RenderedContent[] {
  return [
    { path: PATHS.prometheusConfig, content: renderPrometheusConfig(input) },
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
export function renderPrometheusConfig(input: StackInput): string {
  const config = {
    global: {
      scrape_interval: '5s',
      evaluation_interval: '5s',
      scrape_timeout: '4s',
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
        scrape_interval: '5s',
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
