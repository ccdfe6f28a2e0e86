import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { isolateBridge, listEnvRules, parseSavedFirewall, removeEnvRules } from '../../../src/targets/local/firewall.js';
import { isolationRules } from '../../../src/targets/local/isolation-rules.js';

describe('isolationRules (rule builder)', () => {
  const set = isolationRules('3fa2c1', 'flb-3fa2c1');

  it('puts the rules in chains named after the environment and purpose, for IPv4 and IPv6', () => {
    expect(set.chains.map((c) => `${c.family} ${c.name}`)).toEqual(['ipv4 FL-3fa2c1-ISO-IN', 'ipv4 FL-3fa2c1-ISO-FWD', 'ipv6 FL-3fa2c1-ISO-IN', 'ipv6 FL-3fa2c1-ISO-FWD']);
    for (const chain of set.chains) expect(chain.name.length).toBeLessThanOrEqual(28);
  });

  it('lets machines answer the host over IPv4 and drops every connection they open to it', () => {
    const input = set.chains.find((c) => c.family === 'ipv4' && c.name.endsWith('-IN'));
    expect(input?.rules).toEqual([
      ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
      ['-j', 'DROP'],
    ]);
    expect(set.chains.find((c) => c.family === 'ipv6' && c.name.endsWith('-IN'))?.rules).toEqual([['-j', 'DROP']]);
  });

  it('forwards nothing between the bridge and any other interface and never ACCEPTs forwarded traffic', () => {
    for (const chain of set.chains.filter((c) => c.name.endsWith('-FWD'))) {
      expect(chain.rules).toEqual([
        ['-i', 'flb-3fa2c1', '-o', 'flb-3fa2c1', '-j', 'RETURN'],
        ['-j', 'DROP'],
      ]);
    }
  });

  it('jumps from INPUT (in from the bridge) and FORWARD (in or out of it) only, tagged with the environment', () => {
    expect(set.jumps.map((j) => `${j.family} ${j.chain} ${j.args.join(' ')}`)).toEqual(
      ['ipv4', 'ipv6'].flatMap((family) => [
        `${family} INPUT -i flb-3fa2c1 -m comment --comment faultline:3fa2c1 isolation -j FL-3fa2c1-ISO-IN`,
        `${family} FORWARD -i flb-3fa2c1 -m comment --comment faultline:3fa2c1 isolation -j FL-3fa2c1-ISO-FWD`,
        `${family} FORWARD -o flb-3fa2c1 -m comment --comment faultline:3fa2c1 isolation -j FL-3fa2c1-ISO-FWD`,
      ]),
    );
  });
});

describe('parseSavedFirewall', () => {
  it('finds chains, jumps and legacy tagged rules of environments and nothing else', () => {
    const saved = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FL-3fa2c1-ISO-IN - [0:0]',
      ':DOCKER - [0:0]',
      '-A INPUT -i flb-3fa2c1 -m comment --comment "faultline:3fa2c1 isolation" -j FL-3fa2c1-ISO-IN',
      '-A INPUT -i eth0 -j ACCEPT',
      '-A FORWARD -i flb-0000aa -m comment --comment "faultline:0000aa" -j DROP',
      '-A FL-3fa2c1-ISO-IN -j DROP',
      'COMMIT',
    ].join('\n');
    expect(parseSavedFirewall(saved, 'ipv4', 'filter')).toEqual([
      { family: 'ipv4', table: 'filter', envId: '3fa2c1', kind: 'chain', chain: 'FL-3fa2c1-ISO-IN', args: [] },
      { family: 'ipv4', table: 'filter', envId: '3fa2c1', kind: 'rule', chain: 'INPUT', args: ['-i', 'flb-3fa2c1', '-m', 'comment', '--comment', 'faultline:3fa2c1 isolation', '-j', 'FL-3fa2c1-ISO-IN'] },
      { family: 'ipv4', table: 'filter', envId: '0000aa', kind: 'rule', chain: 'FORWARD', args: ['-i', 'flb-0000aa', '-m', 'comment', '--comment', 'faultline:0000aa', '-j', 'DROP'] },
    ]);
  });
});

const canRun = process.getuid?.() === 0;
if (!canRun) process.stderr.write('\n!!! SKIPPING firewall tests: they change host iptables and need root.\n\n');

describe.skipIf(!canRun)('host isolation firewall (real iptables and ip6tables)', () => {
  const id = 'f00d01';
  afterAll(async () => {
    await removeEnvRules(id);
    await removeEnvRules('f00d02');
  });

  const saved = async (tool: string): Promise<string> => (await execa(tool, ['-t', 'filter'])).stdout;

  it('installs the chains and jumps, idempotently, first in INPUT and FORWARD', async () => {
    await isolateBridge(id, 'flb-f00d01');
    await isolateBridge(id, 'flb-f00d01');
    const entries = await listEnvRules(id);
    expect(entries.filter((e) => e.kind === 'chain').map((e) => `${e.family} ${e.chain}`).sort()).toEqual(
      ['ipv4 FL-f00d01-ISO-FWD', 'ipv4 FL-f00d01-ISO-IN', 'ipv6 FL-f00d01-ISO-FWD', 'ipv6 FL-f00d01-ISO-IN'],
    );
    expect(entries.filter((e) => e.kind === 'rule')).toHaveLength(6);
    for (const tool of ['iptables-save', 'ip6tables-save']) {
      const text = await saved(tool);
      expect(text.split('\n').find((l) => l.startsWith('-A INPUT '))).toContain('-j FL-f00d01-ISO-IN');
      expect(text.split('\n').find((l) => l.startsWith('-A FORWARD '))).toContain('-j FL-f00d01-ISO-FWD');
      expect(text).toContain('-A FL-f00d01-ISO-FWD -j DROP');
    }
  });

  it('removes every chain and jump of the environment and none of another', async () => {
    await isolateBridge('f00d02', 'flb-f00d02');
    await removeEnvRules(id);
    expect(await listEnvRules(id)).toEqual([]);
    for (const tool of ['iptables-save', 'ip6tables-save']) expect(await saved(tool)).not.toContain('f00d01');
    expect((await listEnvRules('f00d02')).length).toBe(10);
    await removeEnvRules('f00d02');
    expect(await listEnvRules('f00d02')).toEqual([]);
  });

  it('removes a legacy rule tagged faultline:<id> (older versions) with the rest', async () => {
    await execa('iptables', ['-w', '5', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'flb-f00d01', '-p', 'tcp', '-m', 'conntrack', '--ctstate', 'DNAT', '--ctorigdst', '127.0.0.1/32', '-m', 'comment', '--comment', `faultline:${id}`, '-j', 'MASQUERADE']);
    expect(await listEnvRules(id)).toHaveLength(1);
    await removeEnvRules(id);
    expect(await listEnvRules(id)).toEqual([]);
  });
});
