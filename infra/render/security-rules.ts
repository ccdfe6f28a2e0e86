import { FaultlineError } from '../../src/errors/index.js';
import { WORLD_CIDR } from '../config.js';

export interface IngressRule {
  readonly description: string;
  readonly protocol: 'tcp';
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks: string[];
}

export interface EgressRule {
  readonly description: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks: string[];
}

/** Ports the operator and candidate reach the node on. */
export const INGRESS_PORTS = [
  { description: 'SSH for the candidate', port: 22 },
  { description: 'Kubernetes API for the operator', port: 6443 },
  { description: 'HTTPS ingress (Traefik)', port: 443 },
] as const;

/**
 * Ingress rules for the node's security group: only from `allowedCidrs`.
 * 0.0.0.0/0 is refused unless `allowWorld` is set. No CIDR means no ingress.
 */
export function renderIngressRules(allowedCidrs: readonly string[], allowWorld: boolean): IngressRule[] {
  if (!allowWorld && allowedCidrs.includes(WORLD_CIDR)) {
    throw new FaultlineError('INVALID_CONFIG', `aws.allowedCidrs contains ${WORLD_CIDR}, which opens SSH to the whole internet`, {
      hint: 'List your office/VPN CIDRs instead, or set aws.allowWorldIngress: true if you really mean it.',
    });
  }
  if (allowedCidrs.length === 0) return [];
  return INGRESS_PORTS.map(({ description, port }) => ({
    description,
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    cidrBlocks: [...allowedCidrs],
  }));
}

/**
 * Teleport agentless mode: the proxy dials the node's sshd, so its addresses
 * may reach port 22 (and nothing else). 0.0.0.0/0 only with `allowWorld`.
 */
export function renderTeleportIngressRules(proxyCidrs: readonly string[], allowWorld: boolean): IngressRule[] {
  if (!allowWorld && proxyCidrs.includes(WORLD_CIDR)) {
    throw new FaultlineError('INVALID_CONFIG', `teleport.aws.proxyCidrs contains ${WORLD_CIDR}, which opens SSH to the whole internet`, {
      hint: 'List the Teleport proxy’s egress addresses instead, or set aws.allowWorldIngress: true if you really mean it.',
    });
  }
  if (proxyCidrs.length === 0) return [];
  return [{ description: 'SSH for the Teleport proxy (agentless node)', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: [...proxyCidrs] }];
}

/**
 * Egress: HTTPS (package installs, images, Teleport agent to its proxy on 443/3080),
 * HTTP (package mirrors), DNS and NTP.
 */
export function renderEgressRules(): EgressRule[] {
  const out = (description: string, protocol: string, port: number): EgressRule => ({
    description,
    protocol,
    fromPort: port,
    toPort: port,
    cidrBlocks: [WORLD_CIDR],
  });
  return [
    out('HTTPS out (packages, images, Teleport proxy)', 'tcp', 443),
    out('Teleport proxy (web port)', 'tcp', 3080),
    out('Teleport proxy (tunnel port)', 'tcp', 3024),
    out('HTTP out (package archives)', 'tcp', 80),
    out('DNS', 'udp', 53),
    out('NTP', 'udp', 123),
  ];
}
