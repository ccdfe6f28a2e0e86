/**
 * The service every environment runs, described once. Renderers (nginx,
 * Prometheus, units), the local target, the kubernetes program and the faults
 * all read names, ports and paths from here.
 *
 *   loadgen(mon) ──https──▶ edge(nginx, TLS) ──/api/──▶ app(orders@1, orders@2) ──▶ store(etcd)
 *                                                        │
 *                                                        └─▶ /var/lib/orders (size-limited data volume)
 *   mon: Prometheus, Alertmanager, blackbox exporter, alert recorder, journal-remote, Loki (when available)
 *   every machine: node-exporter, journal-upload → mon
 */
export const ROLES = ['edge', 'app', 'store', 'mon'] as const;
export type Role = (typeof ROLES)[number];

/** Host part of each machine's address inside the environment's /24. */
export const HOST_OCTET: Readonly<Record<Role, number>> = { edge: 10, app: 11, store: 12, mon: 13 };

export const PORTS = {
  edgeHttps: 443,
  edgeHttp: 80,
  /** orders@1 and orders@2 on the app machine. */
  appInstances: [8081, 8082] as const,
  etcdClient: 2379,
  etcdPeer: 2380,
  nodeExporter: 9100,
  prometheus: 9090,
  alertmanager: 9093,
  alertmanagerCluster: 9094,
  blackbox: 9115,
  alertRecorder: 9095,
  journalRemote: 19532,
  loki: 3100,
  ssh: 22,
} as const;

export const PATHS = {
  /** The app's data volume (a size-limited mount from the host on the local target). */
  appData: '/var/lib/orders',
  appBundle: '/opt/faultline/orders.js',
  loadgenBundle: '/opt/faultline/loadgen.js',
  recorderBundle: '/opt/faultline/alert-recorder.js',
  /** JSONL of every Alertmanager notification, on mon; synced into the timeline. */
  alertLog: '/var/lib/faultline/alerts.jsonl',
  caCert: '/etc/faultline/ca.crt',
  edgeCert: '/etc/nginx/tls/edge.crt',
  edgeKey: '/etc/nginx/tls/edge.key',
  nginxSite: '/etc/nginx/conf.d/orders.conf',
  prometheusConfig: '/etc/prometheus/prometheus.yml',
  prometheusRules: '/etc/prometheus/rules/orders.rules.yml',
  alertmanagerConfig: '/etc/prometheus/alertmanager.yml',
  blackboxConfig: '/etc/prometheus/blackbox.yml',
} as const;

/** Size of the app data volume, in MiB. */
export const APP_DATA_MIB = 64;

/** MiB of product catalogue each orders instance warms into memory at startup (ORDERS_CACHE_MB): its working set beyond node. */
export const ORDERS_CACHE_MB = 24;

/** The systemd units that make up each role (used for gates and journal tails). */
export const UNITS: Readonly<Record<Role, readonly string[]>> = {
  edge: ['nginx.service', 'prometheus-node-exporter.service'],
  app: ['orders@1.service', 'orders@2.service', 'prometheus-node-exporter.service'],
  store: ['etcd.service', 'prometheus-node-exporter.service'],
  mon: [
    'prometheus.service',
    'prometheus-alertmanager.service',
    'prometheus-blackbox-exporter.service',
    'faultline-alert-recorder.service',
    'faultline-loadgen.service',
    'prometheus-node-exporter.service',
  ],
};
