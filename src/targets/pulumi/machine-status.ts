import type { KubeObject } from '../../core/kube.js';
import type { MachineStatus } from '../../core/target.js';
import { ROLES } from '../../stack/topology.js';
import { ROLE_PODS, isPodReady, pickPod } from './role-pods.js';

/** running | starting | stopped | degraded, from a pod's phase and readiness. */
export function podState(pod: KubeObject): string {
  const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
  if (isPodReady(pod)) return 'running';
  if (phase === 'Pending') return 'starting';
  if (phase === 'Running') return 'degraded';
  if (phase === 'Succeeded' || phase === 'Failed') return 'stopped';
  return 'unknown';
}

const matches = (pod: KubeObject, selector: string): boolean => {
  const [key = '', value] = selector.split('=');
  return pod.metadata.labels?.[key] === value;
};

/**
 * Status rows of a cloud environment. Pure: `outputs` are the stack's plain
 * outputs (aws adds the EC2 node: instanceId, publicIp), `pods` the pods of
 * the namespace, or undefined when the cluster could not be asked.
 */
export function describeMachines(outputs: Readonly<Record<string, unknown>>, pods: readonly KubeObject[] | undefined): MachineStatus[] {
  const rows: MachineStatus[] = [];
  if (typeof outputs['instanceId'] === 'string') {
    rows.push({
      role: 'node',
      name: outputs['instanceId'],
      address: typeof outputs['publicIp'] === 'string' ? outputs['publicIp'] : '',
      state: pods === undefined ? 'unknown' : 'running',
    });
  }
  for (const role of ROLES) {
    const placement = ROLE_PODS[role];
    if (placement === undefined) {
      rows.push({ role, name: 'ingress controller', address: typeof outputs['publicIp'] === 'string' ? outputs['publicIp'] : '-', state: 'external' });
      continue;
    }
    const candidates = (pods ?? []).filter((p) => matches(p, placement.selector));
    const pod = pickPod(candidates) ?? candidates[0];
    const ip = (pod?.['status'] as { podIP?: string } | undefined)?.podIP ?? '';
    rows.push({
      role,
      name: pod?.metadata.name ?? placement.selector,
      address: ip,
      state: pods === undefined ? 'unknown' : pod === undefined ? 'missing' : podState(pod),
    });
  }
  return rows;
}
