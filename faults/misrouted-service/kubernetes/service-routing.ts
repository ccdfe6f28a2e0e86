import type { Criterion } from '../../../src/core/evidence.js';
import type { KubeObject } from '../../../src/core/kube.js';

/** Names this fault relies on (mirrors infra/manifests/names.ts; a test keeps them equal). */
export const SERVICE = 'orders';
export const POD_SELECTOR = { 'app.kubernetes.io/name': 'orders' } as const;
export const POD_SELECTOR_TEXT = 'app.kubernetes.io/name=orders';
export const CONTAINER_PORT_NAME = 'http';
export const CONTAINER_PORT = 8080;

export type MisrouteVariant = 'selector' | 'target-port';

export interface MisrouteParams {
  readonly variant: MisrouteVariant;
  /** The wrong selector value (variant selector). */
  readonly wrongLabel: string;
  /** The wrong targetPort (variant target-port). */
  readonly wrongPort: number;
}

type JsonPatch = { op: 'replace'; path: string; value: unknown }[];

/** JSON patch that breaks the Service the way `params` says. */
export function renderMisroutePatch(params: MisrouteParams): JsonPatch {
  return params.variant === 'selector'
    ? [{ op: 'replace', path: '/spec/selector', value: { 'app.kubernetes.io/name': params.wrongLabel } }]
    : [{ op: 'replace', path: '/spec/ports/0/targetPort', value: params.wrongPort }];
}

/** JSON patch restoring the healthy selector and named targetPort. */
export function renderRestorePatch(): JsonPatch {
  return [
    { op: 'replace', path: '/spec/selector', value: { ...POD_SELECTOR } },
    { op: 'replace', path: '/spec/ports/0/targetPort', value: CONTAINER_PORT_NAME },
  ];
}

interface ServiceSpec { selector?: Record<string, string>; ports?: { port: number; targetPort?: number | string }[] }
interface EndpointSubset { addresses?: unknown[]; notReadyAddresses?: unknown[]; ports?: { port: number }[] }

const specOf = (o: KubeObject) => (o['spec'] ?? {}) as ServiceSpec;

/** Ready endpoint addresses and the ports they are published on. */
export function readyEndpoints(endpoints: KubeObject | undefined): { addresses: number; ports: number[] } {
  const subsets = ((endpoints?.['subsets'] as EndpointSubset[] | undefined) ?? []);
  return {
    addresses: subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0),
    ports: [...new Set(subsets.flatMap((s) => (s.ports ?? []).map((p) => p.port)))],
  };
}

/** Does the selector pick pods with these labels? An empty selector picks nothing (no endpoints are managed). */
export function selectorMatches(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

/** One criterion per thing that must hold for the Service to route to the orders pods. */
export function checkServiceRouting(service: KubeObject | undefined, endpoints: KubeObject | undefined, pods: readonly KubeObject[]): Criterion[] {
  if (service === undefined) return [{ name: 'the orders Service exists', passed: false, evidence: 'kubectl get service orders: NotFound' }];
  const spec = specOf(service);
  const selected = pods.filter((p) => selectorMatches(spec.selector, p.metadata.labels));
  const target = spec.ports?.[0]?.targetPort;
  const targetOk = target === CONTAINER_PORT_NAME || target === CONTAINER_PORT;
  const ready = readyEndpoints(endpoints);
  return [
    {
      name: 'the Service selector picks the orders pods',
      passed: selected.length > 0,
      evidence: `selector ${JSON.stringify(spec.selector ?? {})} matches ${selected.length} of ${pods.length} orders pods`,
    },
    {
      name: 'the Service targetPort is the container port (http/8080)',
      passed: targetOk,
      evidence: `spec.ports[0].targetPort = ${JSON.stringify(target)}`,
    },
    {
      name: 'the Service has ready endpoints on the container port',
      passed: ready.addresses > 0 && ready.ports.every((p) => p === CONTAINER_PORT),
      evidence: `${ready.addresses} ready addresses on port(s) ${ready.ports.join(',') || 'none'}`,
    },
  ];
}
