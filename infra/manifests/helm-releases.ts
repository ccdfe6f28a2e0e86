import type { EnvIdentity, Sources } from '../config.js';
import { VERSIONS } from '../versions.js';
import { renderAlloyConfig } from './alloy-config.js';
import { namespaceFor, releaseNames } from './names.js';

/** What a k8s.helm.v3.Release needs; pure data so it can be asserted and planned. */
export interface HelmReleaseSpec {
  /** Stable key within the environment (the Pulumi resource's name suffix). */
  readonly key: 'kps' | 'loki' | 'alloy';
  /** Helm release name: per environment, see releaseNames. */
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

const sized = (cpu: string, memory: string, limit: string) => ({ requests: { cpu, memory }, limits: { memory: limit } });

/** Selector for "this environment's namespace only". */
const onlyNamespace = (namespace: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });

/**
 * kube-prometheus-stack, Loki (monolithic) and Grafana Alloy for one
 * environment, pinned, with small requests. Several environments can share
 * a cluster: every release has a per-environment name (its cluster-scoped
 * objects are named after it), the Prometheus operator and its admission
 * webhooks act on this namespace only, node-exporter does not use the host
 * network (no hostPort 9100 to clash on), and Alloy uses namespaced RBAC and
 * installs no CRD.
 */
export function renderHelmReleases(env: EnvIdentity, sources: Sources): HelmReleaseSpec[] {
  const namespace = namespaceFor(env);
  const names = releaseNames(env);
  const lokiPush = `http://${names.loki}.${namespace}.svc:3100/loki/api/v1/push`;
  return [
    {
      key: 'kps',
      name: names.monitoring,
      chart: 'kube-prometheus-stack',
      version: VERSIONS.charts.kubePrometheusStack,
      repo: sources.prometheusCommunityCharts,
      namespace,
      values: {
        fullnameOverride: names.monitoring,
        prometheus: {
          prometheusSpec: {
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleNamespaceSelector: onlyNamespace(namespace),
            serviceMonitorNamespaceSelector: onlyNamespace(namespace),
            podMonitorNamespaceSelector: onlyNamespace(namespace),
            retention: '12h',
            resources: sized('100m', '256Mi', '1Gi'),
          },
        },
        alertmanager: { alertmanagerSpec: { resources: sized('10m', '32Mi', '128Mi') } },
        grafana: { resources: sized('50m', '128Mi', '256Mi') },
        prometheusOperator: {
          // Watch this namespace only: another environment's operator must not reconcile our Prometheus.
          namespaces: { releaseNamespace: true, additional: [] },
          admissionWebhooks: { namespaceSelector: onlyNamespace(namespace) },
          resources: sized('50m', '64Mi', '256Mi'),
        },
        'kube-state-metrics': { resources: sized('10m', '32Mi', '128Mi') },
        // hostNetwork would bind 9100 on the node (the chart's default): a second environment could not schedule.
        'prometheus-node-exporter': { hostNetwork: false, resources: sized('10m', '32Mi', '64Mi') },
      },
    },
    {
      key: 'loki',
      name: names.loki,
      chart: 'loki',
      version: VERSIONS.charts.loki,
      repo: sources.grafanaCommunityCharts,
      namespace,
      values: {
        deploymentMode: 'Monolithic',
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
        // Loki's first start replays its WAL and builds the index: 1 GiB keeps it clear of the OOM killer.
        singleBinary: { replicas: 1, resources: sized('50m', '256Mi', '1Gi') },
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
      key: 'alloy',
      name: names.logShipper,
      chart: 'alloy',
      version: VERSIONS.charts.alloy,
      repo: sources.grafanaCharts,
      namespace,
      values: {
        crds: { create: false },
        rbac: { create: true, namespaces: [namespace] },
        controller: { type: 'deployment', replicas: 1 },
        alloy: {
          configMap: { create: true, content: renderAlloyConfig(namespace, lokiPush) },
          resources: sized('20m', '64Mi', '256Mi'),
        },
      },
    },
  ];
}
