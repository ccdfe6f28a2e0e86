import { PORTS } from '../../../src/stack/topology.js';
import type { MisroutedServiceParams } from './params.js';

/** The nginx upstream that fronts the orders instances. */
export const ORDERS_UPSTREAM = 'orders';

/** One `server` line of an nginx upstream block. */
export interface UpstreamServer {
  readonly host: string;
  /** Undefined when the address has no port (nginx then uses 80). */
  readonly port: number | undefined;
  /** The directive as written, without the trailing `;`. */
  readonly text: string;
}

/** A port change of one `server` line: `from` is replaced by `to`. */
export interface PortSwap {
  readonly from: number;
  readonly to: number;
}

/**
 * Locate `upstream <name> { … }` in nginx config text (comments ignored).
 * Returns the offsets of the block body (between the braces), or undefined.
 */
export function findUpstreamBlock(text: string, name: string): { start: number; end: number } | undefined {
  const masked = maskComments(text);
  const open = new RegExp(`\\bupstream\\s+${escapeRegExp(name)}\\s*\\{`).exec(masked);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  let depth = 1;
  for (let i = start; i < masked.length; i++) {
    if (masked[i] === '{') depth++;
    if (masked[i] === '}' && --depth === 0) return { start, end: i };
  }
  return undefined;
}

/** The `server` directives of `upstream <name>`; undefined when there is no such block. */
export function listUpstreamServers(text: string, name: string = ORDERS_UPSTREAM): UpstreamServer[] | undefined {
  const block = findUpstreamBlock(text, name);
  if (!block) return undefined;
  const body = maskComments(text).slice(block.start, block.end);
  const servers: UpstreamServer[] = [];
  for (const match of body.matchAll(/(?:^|[;{}\s])server\s+([^\s;]+)([^;]*);/g)) {
    const address = match[1] ?? '';
    const portMatch = /^(.*):(\d+)$/.exec(address);
    servers.push({
      host: portMatch ? (portMatch[1] ?? '') : address,
      port: portMatch ? Number(portMatch[2]) : undefined,
      text: `server ${address}${(match[2] ?? '').replace(/\s+/g, ' ').trimEnd()}`,
    });
  }
  return servers;
}

/**
 * What is wrong with an orders upstream, one sentence per problem: servers
 * that are not an orders instance on the app machine (`appHosts`: its name
 * and address), and orders ports with no server. Empty when healthy.
 */
export function findUpstreamProblems(servers: readonly UpstreamServer[], appHosts: readonly string[]): string[] {
  const wrong = servers.filter((s) => !appHosts.includes(s.host) || !PORTS.appInstances.some((p) => p === s.port));
  const ports = new Set(servers.map((s) => s.port));
  return [
    ...wrong.map((s) => `"${s.text}" is not an orders instance`),
    ...PORTS.appInstances.filter((p) => !ports.has(p)).map((p) => `no server for port ${p}`),
  ];
}

/**
 * The port changes that break the upstream: one instance points at
 * `wrongPort`; `both` transposes the last two digits of each port
 * (8081 → 8018, 8082 → 8028: closed ports, every request gets a 502).
 */
export function brokenPortSwaps(params: Pick<MisroutedServiceParams, 'instance' | 'wrongPort'>): PortSwap[] {
  const [port1, port2] = PORTS.appInstances;
  if (params.instance === 'both') return [port1, port2].map((from) => ({ from, to: transposeLastDigits(from) }));
  return [{ from: params.instance === 1 ? port1 : port2, to: params.wrongPort }];
}

/** The inverse swaps, restoring the healthy ports. */
export function invertPortSwaps(swaps: readonly PortSwap[]): PortSwap[] {
  return swaps.map(({ from, to }) => ({ from: to, to: from }));
}

/**
 * Rewrite the port of the `server` lines of `upstream <name>` per `swaps`,
 * leaving every other byte of the file alone. Swaps that match nothing are
 * skipped, so applying the same swaps twice is harmless.
 */
export function swapUpstreamPorts(text: string, swaps: readonly PortSwap[], name: string = ORDERS_UPSTREAM): string {
  const block = findUpstreamBlock(text, name);
  if (!block) return text;
  let body = text.slice(block.start, block.end);
  for (const { from, to } of swaps) {
    body = body.replace(new RegExp(`(\\bserver\\s+[^\\s;:]+):${from}(?=[\\s;])`, 'g'), `$1:${to}`);
  }
  return text.slice(0, block.start) + body + text.slice(block.end);
}

function transposeLastDigits(port: number): number {
  const digits = String(port);
  return Number(digits.slice(0, -2) + digits.slice(-1) + digits.slice(-2, -1));
}

/** Replace `# …` comments by spaces so offsets stay valid. */
function maskComments(text: string): string {
  return text.replace(/#[^\n]*/g, (comment) => ' '.repeat(comment.length));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
