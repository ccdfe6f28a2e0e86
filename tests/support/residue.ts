import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';

/**
 * What faultline could leave behind on the host, listed from the kernel's
 * and the tools' own views: processes in faultline cgroups or named like our
 * machines, mounts, links, nft tables, iptables rules, cgroups, nspawn
 * runtime dirs. Compare a snapshot before and after to prove zero residue.
 */
export interface Residue {
  readonly processes: string[];
  readonly mounts: string[];
  readonly links: string[];
  readonly nftTables: string[];
  readonly iptablesRules: string[];
  readonly cgroups: string[];
  readonly nspawnDirs: string[];
}

export async function snapshotResidue(): Promise<Residue> {
  return {
    processes: await faultlineProcesses(),
    mounts: (await readFile('/proc/self/mountinfo', 'utf8'))
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.includes('faultline'))
      .sort(),
    links: (await sh('ip -o link show'))
      .split('\n')
      .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
      .filter((n) => /^(fl|vb-fl)/.test(n))
      .sort(),
    nftTables: (await sh('nft list tables 2>/dev/null || true')).split('\n').filter(Boolean).sort(),
    iptablesRules: (await sh('iptables-save 2>/dev/null || true')).split('\n').filter((l) => l.includes('faultline')).sort(),
    cgroups: await faultlineCgroups(),
    nspawnDirs: [
      ...(await readdir('/run/systemd/nspawn/propagate').catch(() => [] as string[])),
      ...(await readdir('/run/systemd/nspawn/locks').catch(() => [] as string[])),
    ].sort(),
  };
}

async function sh(command: string): Promise<string> {
  return String((await execa('sh', ['-c', command], { reject: false })).stdout);
}

async function faultlineProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
    if (cgroup.includes('/faultline/') || /systemd-nspawn .*--machine=fl-/.test(cmdline)) found.push(`${pid} ${cmdline.slice(0, 80)}`);
  }
  return found.sort();
}

async function faultlineCgroups(): Promise<string[]> {
  const found: string[] = [];
  for (const base of ['/sys/fs/cgroup/faultline', '/sys/fs/cgroup/systemd/faultline', '/sys/fs/cgroup/unified/faultline', '/sys/fs/cgroup/memory/faultline']) {
    for (const entry of await readdir(base).catch(() => [] as string[])) if (entry.startsWith('fl-')) found.push(`${base}/${entry}`);
  }
  return found.sort();
}
