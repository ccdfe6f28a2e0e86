import { isolationChain, ruleComment } from './naming.js';

/** iptables (IPv4) or ip6tables (IPv6). */
export type IpFamily = 'ipv4' | 'ipv6';

/** One environment-owned chain in the filter table and the rules it holds, in order. */
export interface ChainSpec {
  readonly family: IpFamily;
  readonly name: string;
  /** Each rule's arguments after `-A <name>`. */
  readonly rules: readonly (readonly string[])[];
}

/** A rule in a built-in chain that sends the environment's traffic to one of its chains. */
export interface JumpSpec {
  readonly family: IpFamily;
  readonly chain: 'INPUT' | 'FORWARD';
  /** Arguments after `-I <chain> 1`, ending in `-j <own chain>`. */
  readonly args: readonly string[];
}

export interface IsolationRuleSet {
  readonly chains: readonly ChainSpec[];
  readonly jumps: readonly JumpSpec[];
}

/**
 * The isolation firewall of one environment, in chains only it owns
 * (`FL-<id>-ISO-IN`, `FL-<id>-ISO-FWD`, for IPv4 and IPv6), jumped to from
 * the top of INPUT and FORWARD for traffic in or out of its bridge:
 *
 * - INPUT from the bridge: IPv4 replies to connections the host opened are
 *   accepted; everything else is dropped, so machines cannot open a
 *   connection to any host address (the bridge's .1, the host's other
 *   addresses after `ip route add`, or 127.0.0.1 with a policy route). No IPv6
 *   at all: the host never talks IPv6 to machines.
 * - FORWARD in or out of the bridge: only bridged traffic between the
 *   environment's own machines (seen here when br_netfilter is loaded)
 *   returns; everything routed to or from another interface is dropped, so
 *   there is no route out and no path to another environment's bridge,
 *   whatever `ip_forward` says.
 *
 * Candidate access does not live here (it is a userspace forwarder, see
 * src/access/port-publish.ts), so publishing or withdrawing it cannot touch
 * these rules. Nothing here ACCEPTs forwarded traffic, so the order of
 * several environments' jumps does not matter.
 */
export function isolationRules(envId: string, bridge: string): IsolationRuleSet {
  const comment = ['-m', 'comment', '--comment', `${ruleComment(envId)} isolation`];
  const chains: ChainSpec[] = [];
  const jumps: JumpSpec[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const input = isolationChain(envId, 'IN');
    const forward = isolationChain(envId, 'FWD');
    chains.push({
      family,
      name: input,
      rules: [...(family === 'ipv4' ? [['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']] : []), ['-j', 'DROP']],
    });
    chains.push({ family, name: forward, rules: [['-i', bridge, '-o', bridge, '-j', 'RETURN'], ['-j', 'DROP']] });
    jumps.push({ family, chain: 'INPUT', args: ['-i', bridge, ...comment, '-j', input] });
    jumps.push({ family, chain: 'FORWARD', args: ['-i', bridge, ...comment, '-j', forward] });
    jumps.push({ family, chain: 'FORWARD', args: ['-o', bridge, ...comment, '-j', forward] });
  }
  return { chains, jumps };
}
