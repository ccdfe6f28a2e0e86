import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { EnvIdentity, Sources } from '../config.js';
import type { AlertRuleGroup } from '../manifests/alert-groups.js';
import { renderHelmReleases } from '../manifests/helm-releases.js';
import { renderOrdersServiceMonitor, renderPrometheusRule } from '../manifests/monitoring.js';

export interface ObservabilityArgs {
  /** Identity of the environment (namespace, labels). */
  readonly env: EnvIdentity;
  /** Helm repositories. */
  readonly sources: Sources;
  /** The app's alert groups (alertRuleGroups()). */
  readonly alertGroups: readonly AlertRuleGroup[];
}

/** kube-prometheus-stack, Loki and Alloy releases, the app's PrometheusRule and ServiceMonitor. */
export class Observability extends pulumi.ComponentResource {
  readonly releaseNames: pulumi.Output<string[]>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:k8s:Observability', name, {}, opts);
    const { releases } = createObservability(name, args, this, opts?.deletedWith);
    this.releaseNames = pulumi.all(releases.map((r) => r.name));
    this.registerOutputs({ releaseNames: this.releaseNames });
  }
}

/** Create the monitoring children under `parent`; CRD objects wait for the operator's release. */
export function createObservability(name: string, args: ObservabilityArgs, parent: pulumi.Resource, deletedWith?: pulumi.Resource) {
  const opts = { parent, ...(deletedWith === undefined ? {} : { deletedWith }) };
  const releases = renderHelmReleases(args.env, args.sources).map(
    (spec) =>
      new k8s.helm.v3.Release(
        `${name}-${spec.key}`,
        {
          name: spec.name,
          chart: spec.chart,
          version: spec.version,
          namespace: spec.namespace,
          repositoryOpts: { repo: spec.repo },
          values: spec.values,
          atomic: true,
          timeout: 900,
        },
        opts,
      ),
  );
  const operator = releases[0];
  const crdOpts = { ...opts, ...(operator ? { dependsOn: [operator] } : {}) };
  const rule = new k8s.apiextensions.CustomResource(`${name}-rule`, renderPrometheusRule(args.env, args.alertGroups), crdOpts);
  const monitor = new k8s.apiextensions.CustomResource(`${name}-servicemonitor`, renderOrdersServiceMonitor(args.env), crdOpts);
  return { releases, rule, monitor };
}
