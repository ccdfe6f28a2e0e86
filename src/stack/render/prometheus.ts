import { parseDocument, stringify } from 'yaml';
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

/** How often Prometheus scrapes and evaluates once the environment is up (5 s: 2 s starved a 2-core host at 10 environments). */
export const SCRAPE = { interval: '5s', timeout: '4s' } as const;

/**
 * Scrapes while the environment comes up. Prometheus adds static targets ~5 s
 * after it starts (its discovery and scrape managers throttle updates to one per
 * 5 s, fixed in 2.42) and then scrapes each at a hashed offset within the
 * interval: with 5 s the last target is first scraped 5–10 s after start, with
 * 1 s 5–6 s. The engine puts SCRAPE back once the baseline gate has passed
 * (settleScrapeIntervals + reload), so 1 s scrapes last only a few seconds.
 */
export const BOOTSTRAP_SCRAPE = { interval: '1s', timeout: '1s' } as const;

export type ScrapeTiming = typeof SCRAPE | typeof BOOTSTRAP_SCRAPE;

/** prometheus.yml (with bootstrap scrapes, see BOOTSTRAP_SCRAPE) and /etc/default/prometheus, for mon. */
export function renderPrometheusFiles(input: StackInput): RenderedContent[] {
  return [
    { path: PATHS.prometheusConfig, content: renderPrometheusConfig(input, BOOTSTRAP_SCRAPE) },
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
export function renderPrometheusConfig(input: StackInput, scrape: ScrapeTiming = SCRAPE): string {
  const config = {
    global: {
      scrape_interval: scrape.interval,
      evaluation_interval: SCRAPE.interval,
      scrape_timeout: scrape.timeout,
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
        scrape_interval: scrape.interval,
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

/**
 * A prometheus.yml with its bootstrap scrape timing (BOOTSTRAP_SCRAPE) put
 * back to SCRAPE, everything else (comments, a fault's edits) as it is; the
 * text unchanged when it has no bootstrap timing.
 */
export function settleScrapeIntervals(text: string): string {
  const doc = parseDocument(text);
  let changed = false;
  const settle = (path: readonly (string | number)[], key: 'interval' | 'timeout'): void => {
    if (doc.getIn([...path, `scrape_${key}`]) !== BOOTSTRAP_SCRAPE[key]) return;
    doc.setIn([...path, `scrape_${key}`], SCRAPE[key]);
    changed = true;
  };
  settle(['global'], 'interval');
  settle(['global'], 'timeout');
  const jobs = doc.get('scrape_configs');
  const count = jobs && typeof jobs === 'object' && 'items' in jobs && Array.isArray(jobs.items) ? jobs.items.length : 0;
  for (let i = 0; i < count; i++) {
    settle(['scrape_configs', i], 'interval');
    settle(['scrape_configs', i], 'timeout');
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}
