import { PORTS } from '../../../src/stack/topology.js';

/** What the stray DNAT rule matches and where it sends the traffic. */
export interface DnatRule {
  readonly appAddress: string;
  readonly appPort: number;
  readonly toAddress: string;
  readonly toPort: number;
  readonly comment: string;
}

/**
 * iptables arguments (after `-t nat -I|-C|-D OUTPUT`) of the stray rule.
 * OUTPUT, because nginx on the edge itself opens the connections:
 * PREROUTING never sees locally generated packets.
 */
export function dnatRuleSpec(rule: DnatRule): string[] {
  return [
    '-p', 'tcp',
    '-d', `${rule.appAddress}/32`,
    '--dport', String(rule.appPort),
    '-m', 'comment', '--comment', rule.comment,
    '-j', 'DNAT', '--to-destination', `${rule.toAddress}:${rule.toPort}`,
  ];
}

/**
 * Lines of `iptables-save -t nat` that rewrite traffic meant for the orders
 * instances (DNAT/REDIRECT matching an orders port or the app address).
 */
export function findAppRedirects(iptablesSave: string, appAddress: string): string[] {
  const ports: readonly number[] = PORTS.appInstances;
  return iptablesSave
    .split('\n')
    .filter((line) => line.startsWith('-A ') && /\s-j\s+(DNAT|REDIRECT)\b/.test(line))
    .filter((line) => {
      const dport = /--dports?\s+(\S+)/.exec(line)?.[1];
      const matchesPort = dport !== undefined && ports.some((port) => portListIncludes(dport, port));
      const matchesApp = new RegExp(`\\s-d\\s+${appAddress.replace(/\./g, '\\.')}(/32)?(\\s|$)`).test(line);
      return matchesPort || matchesApp;
    });
}

/** Does an iptables port list (`8081`, `8081,8082`, `8000:8100`) include `port`? */
function portListIncludes(list: string, port: number): boolean {
  return list.split(',').some((part) => {
    const [low, high = low] = part.split(':').map(Number);
    return low !== undefined && high !== undefined && port >= low && port <= high;
  });
}
