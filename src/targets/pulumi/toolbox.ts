import type { KubeObject } from '../../core/kube.js';
import { PORTS } from '../../stack/topology.js';
import type { PlanRow } from './plan-rows.js';

/**
 * The toolbox pod that plays `mon` on kubernetes. kube-prometheus-stack's
 * Prometheus and Alertmanager images have no curl, and a pod cannot share
 * another pod's loopback, so a sidecar forwards 127.0.0.1:9090 and :9093 to
 * the operator's `prometheus-operated` / `alertmanager-operated` Services.
 * The engine's probes (curl on mon against 127.0.0.1) then work unchanged.
 * It lives in the environment's namespace and goes with it on `down`.
 */
export const TOOLBOX = {
  name: 'faultline-mon',
  container: 'toolbox',
  /** Has curl, socat, jq, dig, bash (pinned tag). */
  image: 'nicolaka/netshoot:v0.13',
} as const;

/** Shell for the forwarding sidecar: both listeners on loopback only. */
export function renderForwardScript(): string {
  const forward = (port: number, service: string) => `socat TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr TCP:${service}:${port}`;
  return `${forward(PORTS.prometheus, 'prometheus-operated')} & ${forward(PORTS.alertmanager, 'alertmanager-operated')} & wait`;
}

/** The plan row for the toolbox pod: `up` applies it with kubectl once the stack is up. */
export function toolboxPlanRow(namespace: string): PlanRow {
  return {
    type: 'kubernetes:core/v1:Pod',
    name: TOOLBOX.name,
    details: { kind: 'Pod', name: `${namespace}/${TOOLBOX.name}`, image: TOOLBOX.image, createdBy: 'kubectl apply after pulumi up' },
  };
}

/** The toolbox Pod manifest for a namespace. */
export function renderToolboxPod(namespace: string, labels: Readonly<Record<string, string>> = {}): KubeObject {
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: TOOLBOX.name, namespace, labels: { ...labels, 'app.kubernetes.io/name': TOOLBOX.name, 'app.kubernetes.io/managed-by': 'faultline' } },
    spec: {
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: TOOLBOX.container, image: TOOLBOX.image, command: ['sleep', 'infinity'], resources },
        { name: 'forward', image: TOOLBOX.image, command: ['sh', '-c', renderForwardScript()], resources },
      ],
    },
  };
}
