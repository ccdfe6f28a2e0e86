import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What faultline could leave behind on the host, listed from the kernel's
 * and the tools' own views: processes in faultline cgroups or named like our
 * machines, mounts, links, nft tables, iptables rules, cgroups, nspawn
 * runtime dirs, firewall chains (IPv4 and IPv6), published-port forwarders.
 * Compare a snapshot before and after to prove zero residue.
 */
export interface Residue {
  readonly processes: string[];
  readonly mounts: string[];
  /** Loop devices backed by a faultline file (machines' root disks), as "device file". */
  readonly loopDevices: string[];
  readonly links: string[];
  readonly nftTables: string[];
  readonly iptablesRules: string[];
  /** Environment-owned chains (`:FL-<id>-…`) in iptables-save and ip6tables-save. */
  readonly iptablesChains: string[];
  /** Published-port forwarders (processes carrying FAULTLINE_PUBLISH). */
  readonly forwarders: string[];
  readonly cgroups: string[];
  readonly nspawnDirs: string[];
}

/**
 * Snapshot of faultline's host objects, leaving out those of environments
 * that other FAULTLINE_HOMEs on this host own right now (another test file,
 * a developer's own environments): they come and go independently of the
 * test taking the snapshot. Pass the test's own home.
 */
export async function snapshotResidue(ownHome?: string): Promise<Residue> {
  const foreign = await foreignEnvIds(ownHome);
  const mine = (entry: string): boolean => ![...foreign].some((id) => entry.includes(id));
  const raw = await rawSnapshot();
  return {
    processes: raw.processes.filter(mine),
    mounts: raw.mounts.filter(mine),
    loopDevices: raw.loopDevices.filter(mine),
    links: raw.links.filter(mine),
    nftTables: raw.nftTables,
    iptablesRules: raw.iptablesRules.filter(mine),
    iptablesChains: raw.iptablesChains.filter(mine),
    forwarders: raw.forwarders.filter(mine),
    cgroups: raw.cgroups.filter(mine),
    // nspawn's image locks are shared by every machine on the image: only comparable when nobody else runs one.
    nspawnDirs: foreign.size > 0 ? raw.nspawnDirs.filter((d) => !d.startsWith('inode-')).filter(mine) : raw.nspawnDirs,
  };
}

async function foreignEnvIds(ownHome: string | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  const dir = join(process.env.FAULTLINE_RUN_DIR ?? '/run/faultline', 'envs');
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    const entry = JSON.parse(await readFile(join(dir, file), 'utf8').catch(() => '{}')) as { id?: string; envDir?: string };
    if (entry.id && (!ownHome || !entry.envDir?.startsWith(`${ownHome}/`))) ids.add(entry.id);
  }
  return ids;
}

async function rawSnapshot(): Promise<Residue> {
  return {
    processes: await faultlineProcesses(),
    mounts: (await readFile('/proc/self/mountinfo', 'utf8'))
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.includes('faultline'))
      .sort(),
    loopDevices: (await sh('losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null || true'))
      .split('\n')
      .map((l) => l.trim().replace(/\s+/, ' '))
      .filter((l) => l.includes('faultline'))
      .sort(),
    // nspawn shortens veth names (vb-fl-66c46GGye), so keep the bridge each is attached to: it carries the full id.
    links: (await sh('ip -o link show'))
      .split('\n')
      .map((l) => {
        const name = /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '';
        const master = / master (\S+)/.exec(l)?.[1];
        return master ? `${name} (master ${master})` : name;
      })
      .filter((n) => /^(fl|vb-fl)/.test(n))
      .sort(),
    nftTables: (await sh('nft list tables 2>/dev/null || true')).split('\n').filter(Boolean).sort(),
    iptablesRules: (await sh('iptables-save 2>/dev/null; ip6tables-save 2>/dev/null; true'))
      .split('\n')
      .filter((l) => l.includes('faultline') || /^-A .*FL-[0-9a-f]{6}-/.test(l))
      .sort(),
    iptablesChains: (await sh('iptables-save 2>/dev/null | sed "s/^/ipv4 /"; ip6tables-save 2>/dev/null | sed "s/^/ipv6 /"; true'))
      .split('\n')
      .filter((l) => /^ipv[46] :FL-/.test(l))
      .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
      .sort(),
    forwarders: await forwarderProcesses(),
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
    const machine = /faultline\/(fl-[0-9a-f]{6}-\w+)/.exec(cgroup)?.[1] ?? /--machine=(fl-[0-9a-f]{6}-\w+)/.exec(cmdline)?.[1];
    if (machine) found.push(`${machine} ${pid} ${cmdline.slice(0, 60)}`);
  }
  return found.sort();
}

async function forwarderProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const environ = (await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')).split('\0');
    const id = environ.find((v) => v.startsWith('FAULTLINE_PUBLISH='));
    const listen = environ.find((v) => v.startsWith('FAULTLINE_PUBLISH_LISTEN='));
    if (id) found.push(`${id} ${listen ?? ''} pid ${pid}`);
  }
  return found.sort();
}

async function faultlineCgroups(): Promise<string[]> {
  const found: string[] = [];
  const hierarchies = ['', 'systemd', 'unified', 'memory', 'pids', 'cpu', 'cpuacct'];
  for (const base of hierarchies.map((h) => join('/sys/fs/cgroup', h, 'faultline'))) {
    for (const entry of await readdir(base).catch(() => [] as string[])) if (entry.startsWith('fl-')) found.push(`${base}/${entry}`);
  }
  return found.sort();
}
