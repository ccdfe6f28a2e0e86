import type { Role } from '../../stack/topology.js';

/**
 * Every host-side object an environment creates carries its 6-hex-digit id,
 * so `gc` can find leftovers by name alone. Interface names stay ≤ 15 chars.
 */
export const NAME_PREFIX = 'fl';

/** fl-3fa2c1-store: the nspawn machine name (15 chars at most). */
export function machineName(envId: string, role: Role): string {
  return `${NAME_PREFIX}-${envId}-${role}`;
}

export function bridgeName(envId: string): string {
  return `${NAME_PREFIX}b-${envId}`;
}

/** Comment put on every iptables rule of the environment. */
export function ruleComment(envId: string): string {
  return `faultline:${envId}`;
}

/** Filter-table chain holding one purpose of an environment's firewall: FL-3fa2c1-ISO-IN (≤ 28 chars). */
export function isolationChain(envId: string, hook: 'IN' | 'FWD'): string {
  return `FL-${envId}-ISO-${hook}`;
}

/** Relative cgroup path used in every hierarchy. */
export function cgroupName(machine: string): string {
  return `faultline/${machine}`;
}

const ID = '([0-9a-f]{6})';
export const MACHINE_NAME_RE = new RegExp(`^${NAME_PREFIX}-${ID}-(edge|app|store|mon)$`);
export const BRIDGE_NAME_RE = new RegExp(`^${NAME_PREFIX}b-${ID}$`);
export const RULE_COMMENT_RE = /faultline:([0-9a-f]{6})/;
export const CHAIN_NAME_RE = new RegExp(`^FL-${ID}-[A-Z]+(?:-[A-Z]+)*$`);

/** Env id encoded in a host-side object name, if it is one of ours. */
export function envIdOf(objectName: string): string | undefined {
  return (MACHINE_NAME_RE.exec(objectName) ?? BRIDGE_NAME_RE.exec(objectName) ?? RULE_COMMENT_RE.exec(objectName))?.[1];
}
