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
              env: [
                { name: 'ALLOW_NONE_AUTHENTICATION', value: 'yes' },
                { name: 'ETCD_DATA_DIR', value: '/var/lib/etcd/data' },
                { name: 'ETCD_ADVERTISE_CLIENT_URLS', value: `http://${K8S_NAMES.store}:${K8S_NAMES.storeClientPort}` },
                { name: 'ETCD_LISTEN_CLIENT_URLS', value: `http://0.0.0.0:${K8S_NAMES.storeClientPort}` },
              ],
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
