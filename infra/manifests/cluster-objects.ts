import type { HelmReleaseSpec } from './helm-releases.js';

/** An object a release creates outside its own namespace (cluster-scoped, or namespaced in kube-system). */
export interface ClusterObject {
  readonly kind: string;
  /** undefined: cluster-scoped. */
  readonly namespace?: string;
  readonly name: string;
  /** Chart template it comes from, at the pinned chart version. */
  readonly template: string;
}

const trunc = (s: string, n: number) => s.slice(0, n).replace(/-+$/, '');
/** Helm's usual fullname rule: the release name if it contains the chart name, else "<release>-<chart>", truncated. */
const fullname = (release: string, chart: string, max = 63) => trunc(release.includes(chart) ? release : `${release}-${chart}`, max);

/**
 * What each release creates outside the environment's namespace, by the
 * naming rules of the chart templates at the pinned versions (read from
 * kube-prometheus-stack-88.5.3 and its subcharts kube-state-metrics-8.4.0,
 * prometheus-node-exporter-4.56.1, grafana-12.11.1; loki-18.11.0; alloy
 * helm-chart/1.11.1). Two environments on one cluster must not share any
 * of these names. CRDs are cluster-scoped too, but shared by design (Helm
 * installs a chart's crds/ only when absent and never deletes them), and
 * Alloy's are not installed at all.
 */
export function clusterObjectsOf(spec: HelmReleaseSpec): ClusterObject[] {
  const values = spec.values as { fullnameOverride?: string; rbac?: { namespaces?: string[] }; crds?: { create?: boolean } };
  switch (spec.key) {
    case 'kps': {
      const base = 'charts/kube-prometheus-stack/templates';
      const f = trunc(values.fullnameOverride ?? fullname(spec.name, 'kube-prometheus-stack', 26), 26);
      const cluster = (kind: string, name: string, template: string): ClusterObject => ({ kind, name, template: `${base}/${template}` });
      const system = (name: string, template: string): ClusterObject => ({ kind: 'Service', namespace: 'kube-system', name, template: `${base}/${template}` });
      return [
        cluster('ClusterRole', `${f}-admission`, 'prometheus-operator/admission-webhooks/job-patch/clusterrole.yaml'),
        cluster('ClusterRoleBinding', `${f}-admission`, 'prometheus-operator/admission-webhooks/job-patch/clusterrolebinding.yaml'),
        cluster('MutatingWebhookConfiguration', `${f}-admission`, 'prometheus-operator/admission-webhooks/mutatingWebhookConfiguration.yaml'),
        cluster('ValidatingWebhookConfiguration', `${f}-admission`, 'prometheus-operator/admission-webhooks/validatingWebhookConfiguration.yaml'),
        cluster('ClusterRole', `${f}-prometheus-crd-view`, 'prometheus-operator/aggregate-clusterroles.yaml'),
        cluster('ClusterRole', `${f}-prometheus-crd-edit`, 'prometheus-operator/aggregate-clusterroles.yaml'),
        cluster('ClusterRole', `${f}-operator`, 'prometheus-operator/clusterrole.yaml'),
        cluster('ClusterRoleBinding', `${f}-operator`, 'prometheus-operator/clusterrolebinding.yaml'),
        cluster('ClusterRole', `${f}-prometheus`, 'prometheus/clusterrole.yaml'),
        cluster('ClusterRoleBinding', `${f}-prometheus`, 'prometheus/clusterrolebinding.yaml'),
        system(`${f}-kubelet`, 'prometheus-operator/deployment.yaml (--kubelet-service, created by the operator)'),
        system(`${f}-coredns`, 'exporters/core-dns/service.yaml'),
        system(`${f}-kube-controller-manager`, 'exporters/kube-controller-manager/service.yaml'),
        system(`${f}-kube-dns`, 'exporters/kube-dns/service.yaml'),
        system(`${f}-kube-etcd`, 'exporters/kube-etcd/service.yaml'),
        system(`${f}-kube-proxy`, 'exporters/kube-proxy/service.yaml'),
        system(`${f}-kube-scheduler`, 'exporters/kube-scheduler/service.yaml'),
        { kind: 'ClusterRole', name: fullname(spec.name, 'kube-state-metrics'), template: 'kube-state-metrics/templates/role.yaml' },
        { kind: 'ClusterRoleBinding', name: fullname(spec.name, 'kube-state-metrics'), template: 'kube-state-metrics/templates/clusterrolebinding.yaml' },
        { kind: 'ClusterRole', name: `${fullname(spec.name, 'grafana')}-clusterrole`, template: 'grafana/templates/clusterrole.yaml' },
        { kind: 'ClusterRoleBinding', name: `${fullname(spec.name, 'grafana')}-clusterrolebinding`, template: 'grafana/templates/clusterrolebinding.yaml' },
        { kind: 'ClusterRole', name: fullname(spec.name, 'prometheus-node-exporter'), template: 'prometheus-node-exporter/templates/clusterrole.yaml (with kubeRBACProxy)' },
      ];
    }
    case 'loki': {
      const l = fullname(spec.name, 'loki');
      return [
        { kind: 'ClusterRole', name: `${l}-clusterrole`, template: 'charts/loki/templates/backend/clusterrole.yaml' },
        { kind: 'ClusterRoleBinding', name: `${l}-clusterrolebinding`, template: 'charts/loki/templates/backend/clusterrolebinding.yaml' },
      ];
    }
    case 'alloy': {
      // rbac.namespaces set: Roles and RoleBindings in those namespaces only; crds.create false: no CRD.
      if ((values.rbac?.namespaces ?? []).length > 0 && values.crds?.create === false) return [];
      const a = fullname(spec.name, 'alloy');
      return [
        { kind: 'ClusterRole', name: a, template: 'operations/helm/charts/alloy/templates/rbac.yaml' },
        { kind: 'ClusterRoleBinding', name: a, template: 'operations/helm/charts/alloy/templates/rbac.yaml' },
      ];
    }
  }
}
