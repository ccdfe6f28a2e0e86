import type { EnvIdentity } from '../config.js';

/** Names shared by the kubernetes program, the fault variants and the tests. */
export const K8S_NAMES = {
  app: 'orders',
  appBundleConfigMap: 'orders-bundle',
  appContainer: 'orders',
  appPort: 8080,
  appDataVolume: 'orders-data',
  ingress: 'orders',
  store: 'etcd',
  storeContainer: 'etcd',
  storeClientPort: 2379,
  storePeerPort: 2380,
  rule: 'orders-alerts',
  serviceMonitor: 'orders',
  monitoringRelease: 'kps',
  lokiRelease: 'loki',
  promtailRelease: 'promtail',
} as const;

/** Namespace of one environment. */
export function namespaceFor(env: EnvIdentity): string {
  return `fl-${env.id}`;
}

/** Pod labels of the orders app (the Service selects on these). */
export const APP_SELECTOR = { 'app.kubernetes.io/name': K8S_NAMES.app } as const;
export const STORE_SELECTOR = { 'app.kubernetes.io/name': K8S_NAMES.store } as const;
