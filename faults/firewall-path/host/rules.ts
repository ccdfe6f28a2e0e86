import { PORTS } from '../../../src/stack/topology.js';
import type { FirewallPathParams, FirewallPlace } from './params.js';

/** A rule as iptables arguments after `-A|-C|-D <chain>`. */
export interface FirewallRule {
  readonly machine: 'app' | 'store';
  readonly chain: 'OUTPUT' | 'INPUT';
  readonly spec: readonly string[];
}

/** Machine and chain of a place. */
export function placeOf(place: FirewallPlace): Pick<FirewallRule, 'machine' | 'chain'> {
  return place === 'app-output' ? { machine: 'app', chain: 'OUTPUT' } : { machine: 'store', chain: 'INPUT' };
}

/** Hardening rules that have nothing to do with etcd; a fix must leave them in place. */
export function innocentRules(place: FirewallPlace): FirewallRule[] {
  const { machine, chain } = placeOf(place);
  const rule = (spec: string[]): FirewallRule => ({ machine, chain, spec });
  const mail = place === 'app-output' ? ['-p', 'tcp', '--dport', '25', '-m', 'comment', '--comment', 'SEC-101 no direct outbound mail'] : ['-p', 'tcp', '--dport', '23', '-m', 'comment', '--comment', 'SEC-101 no telnet'];
  return [
    rule([...mail, '-j', 'REJECT', '--reject-with', 'tcp-reset']),
    rule(['-p', 'udp', '--dport', '161', '-m', 'comment', '--comment', 'SEC-117 SNMP off', '-j', 'DROP']),
    rule(['-p', 'tcp', '-m', 'multiport', '--dports', '111,2049', '-m', 'comment', '--comment', 'SEC-120 no NFS or rpcbind', '-j', 'DROP']),
    rule(['-p', 'icmp', '--icmp-type', 'echo-request', '-m', 'limit', '--limit', '10/s', '-m', 'comment', '--comment', 'rate-limit ping', '-j', 'ACCEPT']),
  ];
}

/** The rule that blocks orders → etcd. */
export function blockingRule(params: FirewallPathParams, addresses: { app: string; store: string }): FirewallRule {
  const { machine, chain } = placeOf(params.place);
  const peer = params.place === 'app-output' ? ['-d', `${addresses.store}/32`] : ['-s', `${addresses.app}/32`];
  const target = params.action === 'REJECT' ? ['-j', 'REJECT'] : ['-j', 'DROP'];
  return { machine, chain, spec: [...peer, '-p', 'tcp', '--dport', String(PORTS.etcdClient), '-m', 'comment', '--comment', params.comment, ...target] };
}

/** Every rule of the fault in chain order: the innocent ones with the blocking one at `position`. */
export function chainRules(params: FirewallPathParams, addresses: { app: string; store: string }): FirewallRule[] {
  const rules = innocentRules(params.place);
  const at = Math.min(params.position, rules.length);
  return [...rules.slice(0, at), blockingRule(params, addresses), ...rules.slice(at)];
}

/** The masking "fix": an ACCEPT for the same path inserted in front of the chain. */
export function acceptInFront(params: FirewallPathParams, addresses: { app: string; store: string }): FirewallRule {
  const block = blockingRule(params, addresses);
  const peer = block.spec.slice(0, 2);
  return { ...block, spec: [...peer, '-p', 'tcp', '--dport', String(PORTS.etcdClient), '-j', 'ACCEPT'] };
}

/** Lines of `iptables-save -t filter` that DROP or REJECT traffic to the etcd client port. */
export function findEtcdBlocks(iptablesSave: string): string[] {
  const port = String(PORTS.etcdClient);
  return iptablesSave
    .split('\n')
    .filter((line) => line.startsWith('-A '))
    .filter((line) => /-j (DROP|REJECT)\b/.test(line))
    .filter((line) => new RegExp(`--dports? (\\S*,)?${port}(,\\S*)?\\b`).test(line));
}
