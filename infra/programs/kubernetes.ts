import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { Observability } from '../components/observability.js';
import { OrdersApp } from '../components/orders-app.js';
import { Store } from '../components/store.js';
import type { InfraConfig } from '../config.js';
import { renderNamespace } from '../manifests/namespace.js';
import type { StackInputs } from '../stack-inputs.js';

/** Outputs of the kubernetes layer. */
export interface KubernetesOutputs {
  readonly namespace: pulumi.Output<string>;
  readonly appService: pulumi.Output<string>;
}

/** How the layer is placed on its cluster. */
export interface LayerOptions {
  /**
   * The resource whose deletion takes the whole cluster with it (aws: the
   * node's instance): every in-cluster object is `deletedWith` it, so
   * destroy never has to reach the cluster's API.
   */
  readonly deletedWith?: pulumi.Resource;
  /** spec.ingressClassName of the orders Ingress; unset: the cluster's default class. */
  readonly ingressClassName?: string | undefined;
  /**
   * Wait for the Ingress to get a load-balancer address. Only where the
   * controller is known to publish one (k3s' Traefik); elsewhere Pulumi
   * would wait forever, and the baseline gate checks the app anyway.
   */
  readonly awaitIngress?: boolean;
}

/**
 * The kubernetes layer: namespace, orders app, etcd store and observability.
 * `provider` targets the cluster (a kubeconfig/context, or the k3s node).
 */
export function createKubernetesLayer(
  config: InfraConfig,
  inputs: StackInputs,
  provider: k8s.Provider,
  layer: LayerOptions = {},
): KubernetesOutputs {
  const env = config.env;
  const ns = renderNamespace(env);
  const lifetime = layer.deletedWith === undefined ? {} : { deletedWith: layer.deletedWith };
  const namespace = new k8s.core.v1.Namespace(`${env.id}-ns`, { metadata: ns.metadata }, { provider, ...lifetime });
  const opts = { providers: [provider], dependsOn: [namespace], ...lifetime };
  const store = new Store(`${env.id}-store`, { env, image: config.images.etcd }, opts);
  const app = new OrdersApp(
    `${env.id}-orders`,
    {
      env,
      bundle: inputs.bundle,
      image: config.images.app,
      ingress: { className: layer.ingressClassName, skipAwait: layer.awaitIngress !== true },
    },
    { ...opts, dependsOn: [namespace, store] },
  );
  new Observability(`${env.id}-obs`, { env, sources: config.sources, alertGroups: inputs.alertGroups }, opts);
  return { namespace: namespace.metadata.name, appService: app.serviceName };
}

/** Program for the `kubernetes` target: an existing cluster from kubeconfig/context. */
export function kubernetesProgram(config: InfraConfig, inputs: StackInputs) {
  return async (): Promise<Record<string, unknown>> => {
    const provider = new k8s.Provider(`${config.env.id}-k8s`, {
      ...(config.kubernetes.kubeconfig === undefined ? {} : { kubeconfig: config.kubernetes.kubeconfig }),
      ...(config.kubernetes.context === undefined ? {} : { context: config.kubernetes.context }),
    });
    const out = createKubernetesLayer(config, inputs, provider, { ingressClassName: config.kubernetes.ingressClassName, awaitIngress: false });
    return { namespace: out.namespace, appService: out.appService, target: 'kubernetes', envId: config.env.id, expiresAt: config.env.expiresAt };
  };
}
