import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { EnvIdentity } from '../config.js';
import { renderOrdersBundle, renderOrdersDeployment, renderOrdersIngress, renderOrdersService, type IngressOptions } from '../manifests/orders.js';

export interface OrdersAppArgs {
  /** Identity of the environment (namespace, labels). */
  readonly env: EnvIdentity;
  /** Text of the orders app bundle (from bundleApps()). */
  readonly bundle: string;
  /** Public Node.js image that runs the bundle. */
  readonly image: string;
  /** The Ingress' class and whether Pulumi waits for its load-balancer status (see LayerOptions). */
  readonly ingress?: IngressOptions;
}

/** The orders app: bundle ConfigMap, two-replica Deployment, Service and Traefik Ingress. */
export class OrdersApp extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: OrdersAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:k8s:OrdersApp', name, {}, opts);
    const { service } = createOrdersApp(name, args, this, opts?.deletedWith);
    this.serviceName = service.metadata.name;
    this.registerOutputs({ serviceName: this.serviceName });
  }
}

/** Create the app's children under `parent` (each `deletedWith` the given resource, when one is). */
export function createOrdersApp(name: string, args: OrdersAppArgs, parent: pulumi.Resource, deletedWith?: pulumi.Resource) {
  const opts = { parent, ...(deletedWith === undefined ? {} : { deletedWith }) };
  const bundle = renderOrdersBundle(args.env, args.bundle);
  const configMap = new k8s.core.v1.ConfigMap(`${name}-bundle`, { metadata: bundle.metadata, data: bundle['data'] as Record<string, string> }, opts);
  const deployment = new k8s.apps.v1.Deployment(
    `${name}-deployment`,
    specOf<k8s.types.input.apps.v1.Deployment>(renderOrdersDeployment(args.env, args.image)),
    { ...opts, dependsOn: [configMap] },
  );
  const service = new k8s.core.v1.Service(`${name}-service`, specOf<k8s.types.input.core.v1.Service>(renderOrdersService(args.env)), opts);
  const ingress = new k8s.networking.v1.Ingress(`${name}-ingress`, specOf<k8s.types.input.networking.v1.Ingress>(renderOrdersIngress(args.env, args.ingress)), opts);
  return { configMap, deployment, service, ingress };
}

/** Metadata and spec of a rendered manifest, typed for the Pulumi resource. */
export function specOf<T>(manifest: { metadata: unknown; spec?: unknown }): T {
  return { metadata: manifest.metadata, spec: manifest.spec } as T;
}
