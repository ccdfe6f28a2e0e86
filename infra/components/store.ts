import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { EnvIdentity } from '../config.js';
import { renderEtcdService, renderEtcdStatefulSet } from '../manifests/etcd.js';
import { specOf } from './orders-app.js';

export interface StoreArgs {
  /** Identity of the environment (namespace, labels). */
  readonly env: EnvIdentity;
  /** etcd image. */
  readonly image: string;
}

/** etcd as the orders store: headless Service and a one-member StatefulSet with a PVC. */
export class Store extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: StoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:k8s:Store', name, {}, opts);
    const { service } = createStore(name, args, this, opts?.deletedWith);
    this.serviceName = service.metadata.name;
    this.registerOutputs({ serviceName: this.serviceName });
  }
}

/** Create the store's children under `parent` (each `deletedWith` the given resource, when one is). */
export function createStore(name: string, args: StoreArgs, parent: pulumi.Resource, deletedWith?: pulumi.Resource) {
  const opts = { parent, ...(deletedWith === undefined ? {} : { deletedWith }) };
  const service = new k8s.core.v1.Service(`${name}-service`, specOf<k8s.types.input.core.v1.Service>(renderEtcdService(args.env)), opts);
  const statefulSet = new k8s.apps.v1.StatefulSet(
    `${name}-statefulset`,
    specOf<k8s.types.input.apps.v1.StatefulSet>(renderEtcdStatefulSet(args.env, args.image)),
    opts,
  );
  return { service, statefulSet };
}
