import type { EnvIdentity, Sources } from '../config.js';
import { VERSIONS } from '../versions.js';
import { K8S_NAMES, namespaceFor } from './names.js';

/** What a k8s.helm.v3.Release needs; pure data so it can be asserted and planned. */
export interface HelmReleaseSpec {
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

const small = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { memory: `${Number.parseInt(memory, 10) * 2}Mi` } });

/** kube-prometheus-stack, loki (single binary) and promtail with pinned charts and small requests. */
export function renderHelmReleases(env: EnvIdentity, sources: Sources): HelmReleaseSpec[] {
  const namespace = namespaceFor(env);
  return [
    {
      name: K8S_NAMES.monitoringRelease,
      chart: 'kube-prometheus-stack',
      version: VERSIONS.charts.kubePrometheusStack,
      repo: sources.prometheusCommunityCharts,
      namespace,
      values: {
        prometheus: {
          prometheusSpec: {
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            ruleNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
            serviceMonitorNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
            retention: '12h',
            resources: small('100m', '256Mi'),
          },
        },
        alertmanager: { alertmanagerSpec: { resources: small('10m', '32Mi') } },
        grafana: { resources: small('50m', '128Mi') },
        prometheusOperator: { resources: small('50m', '64Mi') },
        'kube-state-metrics': { resources: small('10m', '32Mi') },
        'prometheus-node-exporter': { resources: small('10m', '32Mi') },
      },
    },
    {
      name: K8S_NAMES.lokiRelease,
      chart: 'loki',
      version: VERSIONS.charts.loki,
      repo: sources.grafanaCharts,
      namespace,
      values: {
        deploymentMode: 'SingleBinary',
        loki: {
          auth_enabled: false,
          commonConfig: { replication_factor: 1 },
          storage: { type: 'filesystem' },
          schemaConfig: {
            configs: [
              { from: '2024-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } },
            ],
          },
        },
        singleBinary: { replicas: 1, resources: small('50m', '128Mi') },
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        gateway: { enabled: false },
        test: { enabled: false },
        lokiCanary: { enabled: false },
      },
    },
    {
      name: K8S_NAMES.promtailRelease,
      chart: 'promtail',
      version: VERSIONS.charts.promtail,
      repo: sources.grafanaCharts,
      namespace,
      values: {
        config: { clients: [{ url: `http://${K8S_NAMES.lokiRelease}.${namespace}.svc:3100/loki/api/v1/push` }] },
        resources: small('20m', '64Mi'),
      },
    },
  ];
}
