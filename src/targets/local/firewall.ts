import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { FaultlineError } from '../../errors/index.js';
import { run, tryRun } from '../../utils/run.js';
import { isolationRules, type IpFamily } from './isolation-rules.js';
import { CHAIN_NAME_RE, RULE_COMMENT_RE } from './naming.js';

const TOOLS: Readonly<Record<IpFamily, { readonly cli: string; readonly save: string }>> = {
  ipv4: { cli: 'iptables', save: 'iptables-save' },
  ipv6: { cli: 'ip6tables', save: 'ip6tables-save' },
};
const FAMILIES = ['ipv4', 'ipv6'] as const;
/** Tables faultline ever wrote to (nat only in versions that published access with DNAT). */
const TABLES = ['filter', 'nat'] as const;

/**
 * Install the environment's isolation firewall (see isolationRules): its own
 * chains, jumped to from INPUT and FORWARD, for IPv4 and IPv6, and IPv6 off on
 * the bridge. Replaces an earlier copy, so re-running is safe.
 */
export async function isolateBridge(envId: string, bridge: string): Promise<void> {
  await removeEnvRules(envId);
  const rules = isolationRules(envId, bridge);
  // A kernel without IPv6 has nothing to isolate there (and ip6tables would fail).
  const ipv6 = existsSync('/proc/sys/net/ipv6');
  const chains = rules.chains.filter((chain) => ipv6 || chain.family === 'ipv4');
  const jumps = rules.jumps.filter((jump) => ipv6 || jump.family === 'ipv4');
  const ipv6Switch = `/proc/sys/net/ipv6/conf/${bridge}/disable_ipv6`;
  if (existsSync(ipv6Switch)) await writeFile(ipv6Switch, '1');
  for (const chain of chains) {
    await iptables(chain.family, ['-N', chain.name]);
    for (const rule of chain.rules) await iptables(chain.family, ['-A', chain.name, ...rule]);
  }
  for (const jump of jumps) await iptables(jump.family, ['-I', jump.chain, '1', ...jump.args]);
}

/** One line of iptables-save that belongs to an environment. */
export interface EnvFirewallEntry {
  readonly family: IpFamily;
  readonly table: string;
  readonly envId: string;
  /** `chain` for an environment-owned chain (`:FL-…`), `rule` for a jump or a tagged rule elsewhere. */
  readonly kind: 'chain' | 'rule';
  /** The chain's name, or the chain a rule sits in. */
  readonly chain: string;
  /** For rules: the arguments after `-A <chain>`, unquoted. */
  readonly args: readonly string[];
}

/**
 * Everything faultline put in the host firewall (optionally one
 * environment's): its chains, the jumps to them, and rules tagged
 * `faultline:<id>` (older versions), from iptables-save and ip6tables-save.
 */
export async function listEnvRules(envId?: string): Promise<EnvFirewallEntry[]> {
  const entries: EnvFirewallEntry[] = [];
  for (const family of FAMILIES) {
    for (const table of TABLES) {
      const text = await run(TOOLS[family].save, ['-t', table]).catch(() => '');
      entries.push(...parseSavedFirewall(text, family, table));
    }
  }
  return envId === undefined ? entries : entries.filter((entry) => entry.envId === envId);
}

/** The environment-owned lines of one `iptables-save -t <table>` output. */
export function parseSavedFirewall(text: string, family: IpFamily, table: string): EnvFirewallEntry[] {
  const entries: EnvFirewallEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      const name = line.slice(1).split(' ')[0] ?? '';
      const id = CHAIN_NAME_RE.exec(name)?.[1];
      if (id) entries.push({ family, table, envId: id, kind: 'chain', chain: name, args: [] });
      continue;
    }
    if (!line.startsWith('-A ')) continue;
    const [, chain = '', ...args] = splitRuleLine(line);
    const jumpTarget = valueAfter(args, '-j') ?? '';
    const id = CHAIN_NAME_RE.exec(jumpTarget)?.[1] ?? RULE_COMMENT_RE.exec(valueAfter(args, '--comment') ?? '')?.[1];
    // Rules inside our own chains go with the chain.
    if (id && !CHAIN_NAME_RE.test(chain)) entries.push({ family, table, envId: id, kind: 'rule', chain, args });
  }
  return entries;
}

/**
 * Remove the environment's firewall: jumps and tagged rules first, then its
 * chains. Idempotent; throws when something could not be removed.
 */
export async function removeEnvRules(envId: string): Promise<void> {
  for (const entry of (await listEnvRules(envId)).filter((e) => e.kind === 'rule')) {
    const deleted = await tryRun(TOOLS[entry.family].cli, ['-w', '5', '-t', entry.table, '-D', entry.chain, ...entry.args]);
    if (!deleted) await deleteByNumber(entry);
  }
  for (const entry of (await listEnvRules(envId)).filter((e) => e.kind === 'chain')) {
    await tryRun(TOOLS[entry.family].cli, ['-w', '5', '-t', entry.table, '-F', entry.chain]);
    await tryRun(TOOLS[entry.family].cli, ['-w', '5', '-t', entry.table, '-X', entry.chain]);
  }
  const left = await listEnvRules(envId);
  if (left.length > 0) {
    throw new FaultlineError('COMMAND_FAILED', `${left.length} firewall entr${left.length === 1 ? 'y' : 'ies'} of environment ${envId} could not be removed.`, {
      details: left.map((e) => `${TOOLS[e.family].cli} -t ${e.table} ${e.kind === 'chain' ? `-X ${e.chain}` : `-D ${e.chain} ${e.args.join(' ')}`}`),
      hint: 'Delete them by hand, then run `faultline gc`.',
    });
  }
}

/** Some matches do not round-trip through iptables-save: delete the first rule carrying the same comment or jump by number. */
async function deleteByNumber(entry: EnvFirewallEntry): Promise<void> {
  const listing = await run(TOOLS[entry.family].cli, ['-w', '5', '-t', entry.table, '-L', entry.chain, '-n', '--line-numbers']).catch(() => '');
  const comment = valueAfter(entry.args, '--comment');
  const target = valueAfter(entry.args, '-j');
  const line = listing.split('\n').find((text) => (comment ? text.includes(`/* ${comment} */`) : target !== undefined && text.includes(` ${target} `)));
  const number = line ? /^(\d+)\s/.exec(line)?.[1] : undefined;
  if (number !== undefined) await tryRun(TOOLS[entry.family].cli, ['-w', '5', '-t', entry.table, '-D', entry.chain, number]);
}

async function iptables(family: IpFamily, args: readonly string[]): Promise<void> {
  await run(TOOLS[family].cli, ['-w', '5', '-t', 'filter', ...args]);
}

/** Split an iptables-save line into words, honouring (and removing) double quotes. */
function splitRuleLine(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] as string));
  return words;
}

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}
