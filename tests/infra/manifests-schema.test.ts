import { describe, expect, it } from 'vitest';
import { Namespace, ConfigMap, Pod, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { renderEtcdService, renderEtcdStatefulSet } from '../../infra/manifests/etcd.js';
import { renderNamespace } from '../../infra/manifests/namespace.js';
import { renderOrdersBundle, renderOrdersDeployment, renderOrdersIngress, renderOrdersService } from '../../infra/manifests/orders.js';
import type { KubeManifest } from '../../infra/manifests/types.js';
import { DEFAULT_IMAGES } from '../../infra/versions.js';
import { renderLabels } from '../../infra/tags.js';
import { renderToolboxPod } from '../../src/targets/pulumi/toolbox.js';
import { awsConfig } from './fixtures.js';

/**
 * Validators generated from the Kubernetes OpenAPI schema by kubernetes-models
 * (pinned in package.json; see VERSIONS.kubernetesSchema).
 */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/Pod': Pod,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'networking.k8s.io/v1/Ingress': Ingress,
};

function validate(manifest: KubeManifest): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (Model === undefined) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(JSON.parse(JSON.stringify(manifest))).validate();
}

const env = awsConfig().env;
const rendered: KubeManifest[] = [
  renderNamespace(env),
  renderOrdersBundle(env, '// bundle'),
  renderOrdersDeployment(env, DEFAULT_IMAGES.app),
  renderOrdersService(env),
  renderOrdersIngress(env),
  renderOrdersIngress(env, { className: 'traefik' }),
  renderOrdersIngress(env, { className: 'nginx', skipAwait: true }),
  renderEtcdService(env),
  renderEtcdStatefulSet(env, DEFAULT_IMAGES.etcd),
  renderToolboxPod('fl-ada-disk', renderLabels(env)) as unknown as KubeManifest,
];

describe('rendered kubernetes manifests', () => {
  it.each(rendered.map((m, i) => [`${m.kind} ${m.metadata.name} (#${i})`, m] as const))('%s is valid against the Kubernetes schema', (_, manifest) => {
    expect(() => validate(manifest)).not.toThrow();
  });

  it('the validator rejects a manifest with a wrongly typed field', () => {
    const broken = renderOrdersDeployment(env, DEFAULT_IMAGES.app) as any;
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow(/replicas/);
  });

  it('the validator rejects a Service port without a number', () => {
    const broken = renderOrdersService(env) as any;
    delete broken.spec.ports[0].port;
    expect(() => validate(broken)).toThrow(/port/);
  });
});
