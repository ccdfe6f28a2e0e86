import { stringify } from 'yaml';

/** One Prometheus alerting rule, as plain data (the kubernetes program wraps the same objects in a PrometheusRule). */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'page' | 'ticket' };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook?: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** Metric names exported by the orders service (app/orders/metrics.ts); labels: route, method, code. */
export const ORDERS_METRICS = {
  requests: 'orders_http_requests_total',
  duration: 'orders_http_request_duration_seconds',
} as const;

/** The service's own API routes; /metrics and /healthz scrapes must not dilute error ratios. */
const API = 'job="orders",route=~"/api/.+"';

/**
 * The alerting rules of the orders stack, target-neutral: expressions name
 * jobs and metrics only, never hosts, so the same groups serve the local
 * target (Prometheus on mon) and the kubernetes program (PrometheusRule).
 *
 * `for:` is deliberately short (20 s – 1 m, with 5 s scrape and evaluation
 * intervals): an environment must show a firing alert within about a minute
 * of a fault being injected, or the symptom gate would wait for minutes. Real
 * production rules would hold longer; the candidate is not graded on that.
 */
export function alertRuleGroups(): RuleGroup[] {
  return [
    {
      name: 'orders',
      rules: [
        {
          alert: 'OrdersHighErrorRate',
          expr: `sum(rate(${ORDERS_METRICS.requests}{${API},code=~"5.."}[1m])) / sum(rate(${ORDERS_METRICS.requests}{${API}}[1m])) > 0.05`,
          for: '30s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'Orders API is failing more than 5% of requests',
            description: '{{ $value | humanizePercentage }} of orders API requests answered 5xx over the last minute.',
            runbook: 'Check `journalctl -u orders@1 -u orders@2` on app and the data volume /var/lib/orders.',
          },
        },
        {
          alert: 'OrdersHighLatency',
          expr: `histogram_quantile(0.95, sum by (le) (rate(${ORDERS_METRICS.duration}_bucket{${API}}[1m]))) > 0.5`,
          for: '1m',
          labels: { severity: 'page' },
          annotations: {
            summary: 'Orders API p95 latency is above 500 ms',
            description: 'The 95th percentile of orders API request duration is {{ $value | humanizeDuration }}.',
            runbook: 'Compare CPU usage with throttling (cgroup cpu.stat) and etcd latency.',
          },
        },
        {
          alert: 'OrdersInstanceDown',
          expr: 'up{job="orders"} == 0',
          for: '20s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'Orders instance {{ $labels.instance }} is down',
            description: 'Prometheus cannot scrape orders instance {{ $labels.instance }}.',
            runbook: '`systemctl status orders@N` on app.',
          },
        },
        {
          alert: 'OrdersDataVolumeAlmostFull',
          expr:
            'node_filesystem_avail_bytes{mountpoint="/var/lib/orders"} / node_filesystem_size_bytes{mountpoint="/var/lib/orders"} < 0.10',
          for: '20s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'Orders data volume has less than 10% space left',
            description: 'Only {{ $value | humanizePercentage }} of /var/lib/orders on {{ $labels.instance }} is free.',
            runbook: 'Find what fills the volume (`du`, and `lsof +L1` for deleted files still held open).',
          },
        },
      ],
    },
    {
      name: 'edge',
      rules: [
        {
          alert: 'EdgeProbeFailing',
          expr: 'probe_success == 0',
          for: '20s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'Edge probe {{ $labels.instance }} is failing',
            description: 'The blackbox probe of {{ $labels.instance }} (module {{ $labels.module }}) has failed for 20s.',
            runbook: 'Run `curl -v --cacert /etc/faultline/ca.crt {{ $labels.instance }}` from mon.',
          },
        },
      ],
    },
    {
      name: 'etcd',
      rules: [
        {
          alert: 'EtcdDown',
          expr: 'up{job="etcd"} == 0',
          for: '20s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'etcd on {{ $labels.instance }} is down',
            description: 'Prometheus cannot scrape etcd at {{ $labels.instance }}.',
            runbook: '`systemctl status etcd` and `journalctl -u etcd` on store.',
          },
        },
        {
          alert: 'EtcdNoLeader',
          expr: 'etcd_server_has_leader{job="etcd"} == 0',
          for: '20s',
          labels: { severity: 'page' },
          annotations: {
            summary: 'etcd on {{ $labels.instance }} has no leader',
            description: 'etcd member {{ $labels.instance }} reports no leader; writes fail.',
            runbook: '`etcdctl endpoint status -w table` on store.',
          },
        },
      ],
    },
    {
      name: 'targets',
      rules: [
        {
          alert: 'TargetDown',
          expr: 'up == 0',
          for: '1m',
          labels: { severity: 'ticket' },
          annotations: {
            summary: 'Scrape target {{ $labels.instance }} of job {{ $labels.job }} is down',
            description: 'Prometheus has not scraped {{ $labels.job }}/{{ $labels.instance }} for a minute.',
          },
        },
      ],
    },
  ];
}

/** Render rule groups as a Prometheus rule file (`groups:`). */
export function renderAlertRulesYaml(groups: readonly RuleGroup[] = alertRuleGroups()): string {
  return `# faultline: alerting rules of the orders stack (src/stack/render/alert-rules.ts).\n${stringify(
    { groups },
    { lineWidth: 0 },
  )}`;
}
