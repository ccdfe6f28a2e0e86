import { ROLES, type Role } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/**
 * /etc/hosts and /etc/hostname. Every machine resolves the others by their
 * short role name (`app`) and by `<role>.<envName>.internal`; the machine's
 * hostname is its role name. Nothing here names the scenario (see visibleEnvName).
 */
export function renderHostsFiles(role: Role, input: StackInput): RenderedContent[] {
  return [
    { path: '/etc/hostname', content: `${role}\n` },
    { path: '/etc/hosts', content: renderHosts(input) },
  ];
}

/** The /etc/hosts content shared by every machine of an environment. */
export function renderHosts(input: StackInput): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    '',
    `# faultline environment ${input.envName} (${input.envId})`,
    ...ROLES.map((role) => `${input.addresses[role]}\t${role} ${fqdn(role, input)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `<role>.<envName>.internal`: the long name of a machine (also a SAN of the edge certificate). */
export function fqdn(role: Role, input: Pick<StackInput, 'envName'>): string {
  return `${role}.${input.envName}.internal`;
}

/**
 * The environment's name as its machines see it (`env-3fa2c1`): hostnames,
 * /etc/hosts, config headers and TLS subjects use it. Only the random id,
 * never the scenario or a fault id, which would give the answer away; the
 * host-side name (`disk-pressure-ada-3fa2c1`) stays on the host.
 */
export function visibleEnvName(envId: string): string {
  return `env-${envId}`;
}
