import type { KubeObject } from '../../core/kube.js';
import { FaultlineError } from '../../errors/index.js';
import type { Role } from '../../stack/topology.js';
import { K8S_NAMES } from '../../../infra/manifests/names.js';
import { TOOLBOX } from './toolbox.js';

/** Where a role's commands run on kubernetes: a pod picked by label, and a container in it. */
export interface RolePod {
  readonly selector: string;
  readonly container: string;
}

/**
 * The machine roles of the stack, as pods. `edge` has no pod of ours: the
 * cluster's ingress controller (k3s' Traefik) plays it, in another namespace
 * and image; commands for edge are refused with a clear error.
 * - app: one of the orders Deployment's pods (node:22-alpine: sh, wget, node; no curl).
 * - store: the etcd StatefulSet's pod.
 * - mon: the faultline toolbox pod (curl, jq; 127.0.0.1:9090/9093 forwarded
 *   to Prometheus/Alertmanager), so the engine's curl-based probes work unchanged.
 */
export const ROLE_PODS: Readonly<Record<Role, RolePod | undefined>> = {
  edge: undefined,
  app: { selector: `app.kubernetes.io/name=${K8S_NAMES.app}`, container: K8S_NAMES.appContainer },
  store: { selector: `app.kubernetes.io/name=${K8S_NAMES.store}`, container: K8S_NAMES.storeContainer },
  mon: { selector: `app.kubernetes.io/name=${TOOLBOX.name}`, container: TOOLBOX.container },
};

/** The pod placement of a role; throws for edge and for names that are not roles. */
export function rolePod(machine: string): RolePod {
  const placement = (ROLE_PODS as Record<string, RolePod | undefined>)[machine];
  if (placement !== undefined) return placement;
  const why =
    machine === 'edge'
      ? 'on kubernetes the edge is the cluster ingress controller, not a pod of the environment'
      : `"${machine}" is not a machine role (edge, app, store, mon)`;
  throw new FaultlineError('COMMAND_FAILED', `Cannot run commands in ${machine}: ${why}.`, {
    hint: 'Kubernetes fault variants use ctx.kube; host-only faults do not apply to this target.',
  });
}

/** True when a pod is Running and its Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const status = pod['status'] as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  return status?.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod a role's commands go to: the first ready one by name, else the first running one. Pure. */
export function pickPod(pods: readonly KubeObject[]): KubeObject | undefined {
  const sorted = [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return sorted.find(isPodReady) ?? sorted.find((p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Running');
}
