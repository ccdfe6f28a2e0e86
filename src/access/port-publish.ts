import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { FaultlineError } from '../errors/index.js';
import { run } from '../utils/run.js';
import { requireExecutable } from './host-tool.js';

/**
 * Publish a machine's port on the host with iptables NAT, because
 * systemd-nspawn's own `--port` does not answer on 127.0.0.1 and leaves empty
 * nft tables behind. Every rule carries the comment `faultline:<envId>`, so
 * `unpublishPort` (and `gc`) find and delete exactly an environment's rules.
 *
 * Rules for bind address B, host port P, target T:TP on bridge BR:
 * - nat OUTPUT   DNAT B:P → T:TP (connections made on this host, e.g. to 127.0.0.1:P)
 * - nat PREROUTING DNAT B:P → T:TP (connections from elsewhere; not for loopback B)
 * - nat POSTROUTING MASQUERADE out of BR for connections DNAT'd from B:P, so
 *   replies come back through the host (machines have no default route) and
 *   127.0.0.1-sourced packets may leave on the bridge
 * - filter FORWARD accept both directions (not for loopback B; hosts with a
 *   DROP policy would otherwise eat them)
 * - `net.ipv4.conf.BR.route_localnet=1` for loopback B: without it the
 *   kernel drops 127.0.0.1-sourced packets routed to a non-loopback device.
 */
export interface PublishPortInput {
  readonly envId: string;
  /** Host address to listen on: 127.0.0.1 (default in config), another local address, or 0.0.0.0. */
  readonly bindAddress: string;
  readonly hostPort: number;
  /** The machine's address on the environment bridge. */
  readonly targetIp: string;
  readonly targetPort: number;
  /** Host-side bridge interface of the environment. */
  readonly bridge: string;
}

/** One iptables rule carrying a faultline comment. */
export interface PublishedRule {
  readonly envId: string;
  readonly table: 'nat' | 'filter';
  readonly chain: string;
  /** The rule's arguments after `-A <chain>`, as iptables-save prints them, unquoted. */
  readonly args: readonly string[];
}

/** A published port, as recovered from the rules (what `status` and `gc` show). */
export interface PublishedPort {
  readonly envId: string;
  readonly bindAddress: string;
  readonly hostPort: number;
  readonly targetIp: string;
  readonly targetPort: number;
}

const COMMENT_PREFIX = 'faultline:';
const TABLES = ['nat', 'filter'] as const;

/** The iptables comment that tags every rule of an environment. */
export function ruleComment(envId: string): string {
  return `${COMMENT_PREFIX}${envId}`;
}

/**
 * Publish `bindAddress:hostPort` → `targetIp:targetPort`. An environment
 * publishes one port (the bastion's SSH): publishing again replaces its
 * rules, so re-running is safe. Refuses a host port another environment has
 * published. On failure, the environment's rules are removed again.
 */
export async function publishPort(input: PublishPortInput): Promise<PublishedPort> {
  validatePublishInput(input);
  const { envId, bindAddress, hostPort, targetIp, targetPort, bridge } = input;
  const clash = (await listPublishedPorts()).find(
    (port) => port.hostPort === hostPort && port.envId !== envId && (port.bindAddress === bindAddress || port.bindAddress === '0.0.0.0' || bindAddress === '0.0.0.0'),
  );
  if (clash) {
    throw new FaultlineError('NO_ADDRESS_SPACE', `Host port ${bindAddress}:${hostPort} is already published for environment ${clash.envId}.`, {
      hint: 'Pick another port, or run `faultline down` / `faultline gc` for that environment.',
    });
  }
  const loopback = isLoopback(bindAddress);
  if (!loopback && (await readSysctl('net/ipv4/ip_forward')) !== '1') {
    throw new FaultlineError('PREFLIGHT', `Publishing on ${bindAddress} needs IPv4 forwarding, which is off on this host.`, {
      hint: 'Enable it (sysctl -w net.ipv4.ip_forward=1), or keep the default bind address 127.0.0.1 and tunnel to it.',
    });
  }
  await removeRules((rule) => rule.envId === envId);

  const comment = ['-m', 'comment', '--comment', ruleComment(envId)];
  const match = bindAddress === '0.0.0.0' ? ['-m', 'addrtype', '--dst-type', 'LOCAL'] : ['-d', `${bindAddress}/32`];
  const dnat = ['-p', 'tcp', ...match, '--dport', String(hostPort), ...comment, '-j', 'DNAT', '--to-destination', `${targetIp}:${targetPort}`];
  // No --ctorigdst: iptables-save prints it without its /32, and a rule saved that way cannot be deleted by spec.
  const dnatted = ['-m', 'conntrack', '--ctstate', 'DNAT', '--ctorigdstport', String(hostPort)];
  try {
    if (loopback) await writeSysctl(`net/ipv4/conf/${bridge}/route_localnet`, '1');
    await iptables('nat', ['-A', 'OUTPUT', ...dnat]);
    if (!loopback) await iptables('nat', ['-A', 'PREROUTING', ...dnat]);
    await iptables('nat', ['-A', 'POSTROUTING', '-o', bridge, '-d', `${targetIp}/32`, '-p', 'tcp', '--dport', String(targetPort), ...dnatted, ...comment, '-j', 'MASQUERADE']);
    if (!loopback) {
      await iptables('filter', ['-I', 'FORWARD', '-o', bridge, '-d', `${targetIp}/32`, '-p', 'tcp', '--dport', String(targetPort), ...dnatted, ...comment, '-j', 'ACCEPT']);
      await iptables('filter', ['-I', 'FORWARD', '-i', bridge, '-s', `${targetIp}/32`, '-p', 'tcp', '--sport', String(targetPort), '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', ...comment, '-j', 'ACCEPT']);
    }
  } catch (error) {
    await unpublishPort(envId).catch(() => undefined);
    throw error;
  }
  return { envId, bindAddress, hostPort, targetIp, targetPort };
}

/**
 * Delete every rule tagged `faultline:<envId>` and reset route_localnet on the
 * bridges they used (when those still exist). Idempotent: nothing to delete
 * is success. Returns how many rules were removed.
 */
export async function unpublishPort(envId: string): Promise<number> {
  validateEnvId(envId);
  const rules = (await listPublishedRules()).filter((rule) => rule.envId === envId);
  const bridges = new Set(rules.filter((rule) => rule.chain === 'POSTROUTING').map((rule) => valueAfter(rule.args, '-o')).filter((name): name is string => !!name));
  const removed = await removeRules((rule) => rule.envId === envId);
  for (const bridge of bridges) {
    if (/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) await writeSysctl(`net/ipv4/conf/${bridge}/route_localnet`, '0').catch(() => undefined);
  }
  return removed;
}

/** Every rule on this host carrying a `faultline:` comment, from iptables-save. */
export async function listPublishedRules(): Promise<PublishedRule[]> {
  const save = await requireExecutable('iptables-save', 'iptables');
  const rules: PublishedRule[] = [];
  for (const table of TABLES) {
    const text = await run(save, ['-t', table]);
    for (const line of text.split('\n')) {
      if (!line.startsWith('-A ')) continue;
      const [, chain, ...args] = splitRuleLine(line);
      const comment = valueAfter(args, '--comment');
      if (chain && comment?.startsWith(COMMENT_PREFIX)) rules.push({ envId: comment.slice(COMMENT_PREFIX.length), table, chain, args });
    }
  }
  return rules;
}

/** Published ports recovered from the OUTPUT DNAT rules. */
export async function listPublishedPorts(): Promise<PublishedPort[]> {
  return (await listPublishedRules())
    .filter((rule) => rule.table === 'nat' && rule.chain === 'OUTPUT')
    .map((rule) => {
      const [targetIp = '', targetPort = ''] = (valueAfter(rule.args, '--to-destination') ?? '').split(':');
      const destination = valueAfter(rule.args, '-d');
      return {
        envId: rule.envId,
        bindAddress: destination ? destination.replace(/\/32$/, '') : '0.0.0.0',
        hostPort: Number(valueAfter(rule.args, '--dport')),
        targetIp,
        targetPort: Number(targetPort),
      };
    });
}

/**
 * The first port in `[low, high]` that no faultline rule publishes and that
 * can be bound on `bindAddress` right now. Throws NO_ADDRESS_SPACE when the
 * range is exhausted. Callers that allocate concurrently should hold the
 * allocation lock until publishPort has run.
 */
export async function findFreePort(range: readonly [number, number], bindAddress: string): Promise<number> {
  const [low, high] = range;
  if (!(Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high <= 65535 && low <= high)) {
    throw new FaultlineError('INVALID_CONFIG', `Port range ${JSON.stringify(range)} is not [low, high] within 1–65535.`);
  }
  const published = new Set((await listPublishedPorts()).map((port) => port.hostPort));
  for (let port = low; port <= high; port += 1) {
    if (!published.has(port) && (await canListen(bindAddress, port))) return port;
  }
  throw new FaultlineError('NO_ADDRESS_SPACE', `No free port in ${low}–${high} on ${bindAddress}.`, {
    hint: 'Widen local.sshPortRange in the faultline config, or remove old environments (`faultline gc`).',
  });
}

async function removeRules(select: (rule: PublishedRule) => boolean): Promise<number> {
  let removed = 0;
  for (const rule of (await listPublishedRules()).filter(select)) {
    // A rule deleted concurrently (another down/gc) is fine; leftovers are handled below.
    if (await iptables(rule.table, ['-D', rule.chain, ...rule.args]).then(() => true, () => false)) removed += 1;
  }
  // Some matches do not round-trip through iptables-save; delete those by position.
  for (const rule of (await listPublishedRules()).filter(select)) {
    if (await deleteByNumber(rule)) removed += 1;
  }
  const left = (await listPublishedRules()).filter(select);
  if (left.length > 0) {
    throw new FaultlineError('COMMAND_FAILED', `${left.length} faultline iptables rule(s) could not be removed.`, {
      details: left.map((rule) => `-t ${rule.table} -A ${rule.chain} ${rule.args.join(' ')}`),
      hint: 'Delete them by hand with iptables -D, then run the command again.',
    });
  }
  return removed;
}

/** Delete the first rule in the rule's chain carrying exactly its comment, by line number. */
async function deleteByNumber(rule: PublishedRule): Promise<boolean> {
  const binary = await requireExecutable('iptables', 'iptables');
  const listing = await run(binary, ['-w', '5', '-t', rule.table, '-L', rule.chain, '-n', '--line-numbers']);
  const marker = `/* ${ruleComment(rule.envId)} */`;
  const line = listing.split('\n').find((text) => text.includes(marker));
  const number = line ? /^(\d+)\s/.exec(line)?.[1] : undefined;
  if (number === undefined) return false;
  return iptables(rule.table, ['-D', rule.chain, number]).then(() => true, () => false);
}

async function iptables(table: string, args: readonly string[]): Promise<void> {
  const binary = await requireExecutable('iptables', 'iptables');
  await run(binary, ['-w', '5', '-t', table, ...args]);
}

/** Split an iptables-save line into words, honouring (and removing) double quotes. */
function splitRuleLine(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] as string));
  return words;
}

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function readSysctl(key: string): Promise<string> {
  return (await readFile(`/proc/sys/${key}`, 'utf8')).trim();
}

async function writeSysctl(key: string, value: string): Promise<void> {
  await writeFile(`/proc/sys/${key}`, value);
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.');
}

function validateEnvId(envId: string): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(envId)) {
    throw new FaultlineError('INVALID_PARAMS', `Environment id ${JSON.stringify(envId)} cannot be used in an iptables comment (letters, digits, _.- only).`);
  }
}

function validatePublishInput(input: PublishPortInput): void {
  validateEnvId(input.envId);
  const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  for (const [what, value] of [['bindAddress', input.bindAddress], ['targetIp', input.targetIp]] as const) {
    if (!ipv4.test(value)) throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} is not an IPv4 address.`);
  }
  for (const [what, value] of [['hostPort', input.hostPort], ['targetPort', input.targetPort]] as const) {
    if (!(Number.isInteger(value) && value >= 1 && value <= 65535)) throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} is not a port number.`);
  }
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(input.bridge)) throw new FaultlineError('INVALID_PARAMS', `bridge ${JSON.stringify(input.bridge)} is not an interface name.`);
}
