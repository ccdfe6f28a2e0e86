import type { PreflightProblem } from './preflight.js';
import type { CloudOptions } from './options.js';

/** Ranges that are never the source address of a connection to the node's public address. */
const NON_PUBLIC: readonly (readonly [string, number])[] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
];

const toInt = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** True when every address of `cidr` lies in a private, loopback, link-local or CGNAT range. Pure. */
export function isNonPublicCidr(cidr: string): boolean {
  const [ip = '', bits = '32'] = cidr.split('/');
  const prefix = Number(bits);
  return NON_PUBLIC.some(([base, size]) => prefix >= size && Math.floor(toInt(ip) / 2 ** (32 - size)) === Math.floor(toInt(base) / 2 ** (32 - size)));
}

const HOW = 'Set aws.allowedCidrs in $FAULTLINE_HOME/config.yaml to the public address of the machine that runs `faultline up` as a /32 (and the candidate\'s office/VPN range), e.g. `allowedCidrs: [203.0.113.7/32]`.';

/**
 * Can the operator (pulumi's Kubernetes provider on 6443) and the candidate
 * (SSH on 22) reach the node at all? The security group admits only
 * `aws.allowedCidrs`, and the node is reached on its public address, so an
 * empty list, or one of private ranges only, leaves `up` waiting for an API it
 * can never reach. Teleport gives the candidate SSH without a CIDR, but the
 * operator's own connection to the k3s API still needs one. Pure.
 */
export function checkNodeReachable(options: CloudOptions): PreflightProblem | undefined {
  const cidrs = options.aws.allowedCidrs;
  if (cidrs.length === 0) {
    return {
      code: 'PREFLIGHT',
      message:
        options.teleport === undefined
          ? 'aws.allowedCidrs is empty: the security group would admit nobody, so neither faultline (Kubernetes API, 6443) nor the candidate (SSH, 22) could reach the node'
          : 'aws.allowedCidrs is empty: Teleport gives the candidate SSH, but faultline itself must reach the node\'s Kubernetes API (6443) to deploy the cluster layer',
      hint: HOW,
    };
  }
  if (cidrs.every(isNonPublicCidr)) {
    return {
      code: 'PREFLIGHT',
      message: `aws.allowedCidrs has only private ranges (${cidrs.join(', ')}); the node is reached on its public address, so no connection would ever come from them`,
      hint: HOW,
    };
  }
  return undefined;
}
