import { APP_DATA_MIB, PATHS } from '../../src/stack/topology.js';
import type { EnvIdentity } from '../config.js';
import { renderLabels } from '../tags.js';
import { APP_SELECTOR, K8S_NAMES, namespaceFor } from './names.js';
import type { KubeManifest } from './types.js';

const BUNDLE_KEY = 'orders.js';

function meta(env: EnvIdentity, name: string) {
  return { name, namespace: namespaceFor(env), labels: { ...renderLabels(env), ...APP_SELECTOR } };
}

/** The app bundle (built by bundleApps()) shipped as a ConfigMap: no image build. */
export function renderOrdersBundle(env: EnvIdentity, bundle: string): KubeManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(env, K8S_NAMES.appBundleConfigMap), data: { [BUNDLE_KEY]: bundle } };
}

/**
 * Two replicas of the orders app on a public Node image. The data dir is a
 * size-limited memory-backed emptyDir, so a full volume gives real ENOSPC.
 */
export function renderOrdersDeployment(env: EnvIdentity, image: string): KubeManifest {
  const bundleDir = PATHS.appBundle.slice(0, PATHS.appBundle.lastIndexOf('/'));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(env, K8S_NAMES.app),
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...APP_SELECTOR } },
      template: {
        metadata: { labels: { ...renderLabels(env), ...APP_SELECTOR } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: K8S_NAMES.appContainer,
              image,
              command: ['node', PATHS.appBundle],
              ports: [{ name: 'http', containerPort: K8S_NAMES.appPort }],
              env: [
                { name: 'ORDERS_PORT', value: String(K8S_NAMES.appPort) },
                { name: 'ORDERS_INSTANCE', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'ORDERS_ETCD_ENDPOINTS', value: `http://${K8S_NAMES.store}:${K8S_NAMES.storeClientPort}` },
                { name: 'ORDERS_DATA_DIR', value: PATHS.appData },
              ],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              volumeMounts: [
                { name: 'bundle', mountPath: bundleDir, readOnly: true },
                { name: K8S_NAMES.appDataVolume, mountPath: PATHS.appData },
              ],
            },
          ],
          volumes: [
            { name: 'bundle', configMap: { name: K8S_NAMES.appBundleConfigMap } },
            { name: K8S_NAMES.appDataVolume, emptyDir: { medium: 'Memory', sizeLimit: `${APP_DATA_MIB}Mi` } },
          ],
        },
      },
    },
  };
}

/** ClusterIP Service in front of both replicas (port 80 → named port http). */
export function renderOrdersService(env: EnvIdentity): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(env, K8S_NAMES.app),
    spec: { selector: { ...APP_SELECTOR }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

/** How the orders Ingress is handled on its cluster. */
export interface IngressOptions {
  /** spec.ingressClassName; unset: the cluster's default IngressClass. */
  readonly className?: string | undefined;
  /**
   * Tell Pulumi not to wait for status.loadBalancer (pulumi.com/skipAwait):
   * many controllers never fill it in, and Pulumi would wait forever.
   */
  readonly skipAwait?: boolean;
}

/** Ingress for the orders Service: /api/ to the app (k3s' Traefik on aws, the cluster's controller elsewhere). */
export function renderOrdersIngress(env: EnvIdentity, options: IngressOptions = {}): KubeManifest {
  const base = meta(env, K8S_NAMES.ingress);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...base, ...(options.skipAwait ? { annotations: { 'pulumi.com/skipAwait': 'true' } } : {}) },
    spec: {
      ...(options.className === undefined ? {} : { ingressClassName: options.className }),
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: K8S_NAMES.app, port: { name: 'http' } } } }],
          },
        },
      ],
    },
  };
}
