import { createHash } from 'node:crypto';
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
} as const;

/** Namespace of one environment. */
export function namespaceFor(env: EnvIdentity): string {
  return `fl-${env.id}`;
}

/** Pod labels of the orders app (the Service selects on these). */
export const APP_SELECTOR = { 'app.kubernetes.io/name': K8S_NAMES.app } as const;
export const STORE_SELECTOR = { 'app.kubernetes.io/name': K8S_NAMES.store } as const;

/**
 * Helm release names of one environment. Two environments on one cluster
 * must not share a release name: the charts name their cluster-scoped objects
 * (ClusterRoles and bindings, admission webhooks, Services in kube-system)
 * after it. The suffix is a hash of the env id, so the names stay short
 * (kube-prometheus-stack truncates its full name to 26 characters).
 */
export function releaseNames(env: EnvIdentity) {
  const suffix = createHash('sha256').update(env.id).digest('hex').slice(0, 8);
  return { monitoring: `kps-${suffix}`, loki: `loki-${suffix}`, logShipper: `alloy-${suffix}` } as const;
}
