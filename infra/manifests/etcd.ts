import type { EnvIdentity } from '../config.js';
import { renderLabels } from '../tags.js';
import { K8S_NAMES, STORE_SELECTOR, namespaceFor } from './names.js';
import type { KubeManifest } from './types.js';

function meta(env: EnvIdentity, name: string) {
  return { name, namespace: namespaceFor(env), labels: { ...renderLabels(env), ...STORE_SELECTOR } };
}

/** Headless Service giving etcd-0 a stable name; also the client endpoint. */
export function renderEtcdService(env: EnvIdentity): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(env, K8S_NAMES.store),
    spec: {
      clusterIP: 'None',
      selector: { ...STORE_SELECTOR },
      ports: [
        { name: 'client', port: K8S_NAMES.storeClientPort, targetPort: 'client' },
        { name: 'peer', port: K8S_NAMES.storePeerPort, targetPort: 'peer' },
      ],
    },
  };
}

/** Where etcd keeps its data (on the PVC mounted at /var/lib/etcd). */
export const ETCD_DATA_DIR = '/var/lib/etcd/data';

/**
 * Flags for a one-member cluster, what the Bitnami image did from its env
 * vars: no auth, clients on every address, advertised under the Service name.
 */
export function renderEtcdArgs(): string[] {
  const member = `${K8S_NAMES.store}-0`;
  const peer = `http://${member}.${K8S_NAMES.store}:${K8S_NAMES.storePeerPort}`;
  return [
    `--name=${member}`,
    `--data-dir=${ETCD_DATA_DIR}`,
    `--listen-client-urls=http://0.0.0.0:${K8S_NAMES.storeClientPort}`,
    `--advertise-client-urls=http://${K8S_NAMES.store}:${K8S_NAMES.storeClientPort}`,
    `--listen-peer-urls=http://0.0.0.0:${K8S_NAMES.storePeerPort}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${member}=${peer}`,
    '--initial-cluster-state=new',
  ];
}

/** Single-member etcd with its data on a 1 GiB PVC. */
export function renderEtcdStatefulSet(env: EnvIdentity, image: string): KubeManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(env, K8S_NAMES.store),
    spec: {
      serviceName: K8S_NAMES.store,
      replicas: 1,
      selector: { matchLabels: { ...STORE_SELECTOR } },
      template: {
        metadata: { labels: { ...renderLabels(env), ...STORE_SELECTOR } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: K8S_NAMES.storeContainer,
              image,
              ports: [
                { name: 'client', containerPort: K8S_NAMES.storeClientPort },
                { name: 'peer', containerPort: K8S_NAMES.storePeerPort },
              ],
              // The upstream image (distroless: no shell) takes flags, not Bitnami's env vars.
              command: ['/usr/local/bin/etcd'],
              args: renderEtcdArgs(),
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/etcd' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}
