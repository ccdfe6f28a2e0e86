import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../../utils/sleep.js';

const ROOT = '/sys/fs/cgroup';

/** Limits of one machine's cgroup (config `local.machine*`). */
export interface MachineLimits {
  /** Memory limit in bytes. */
  readonly memoryMax?: number | undefined;
  /** Most tasks (processes and threads) the machine may have at once. */
  readonly pidsMax?: number | undefined;
  /** CPU weight, cgroup v2 units (1…10000, 100 = an equal share); v1 hierarchies get the matching cpu.shares. */
  readonly cpuWeight?: number | undefined;
}

/** v1 hierarchies a machine joins on a hybrid/legacy host (name=systemd for nspawn, the rest for limits). */
const V1_HIERARCHIES = ['systemd', 'unified', 'memory', 'pids', 'cpu', 'cpuacct'] as const;

/**
 * The cgroup directories a machine gets, one per mounted hierarchy we care
 * about. On a pure cgroup v2 host that is one directory; on a hybrid host
 * (v1 controllers + name=systemd + unified) it is one per hierarchy above.
 * Moving the launcher into these before exec'ing nspawn gives each machine
 * its own `payload` subtree (with --keep-unit and no host systemd they would
 * otherwise share one) and its own memory, pids and CPU accounting. The
 * limit files stay owned by host root: inside the machine's user namespace
 * they are read-only even to its root, whatever it mounts.
 */
export function cgroupDirs(relative: string): string[] {
  if (isUnified()) return [join(ROOT, relative)];
  return V1_HIERARCHIES.map((hierarchy) => join(ROOT, hierarchy))
    .filter((dir) => existsSync(dir))
    .map((dir) => join(dir, relative));
}

function isUnified(): boolean {
  return existsSync(join(ROOT, 'cgroup.controllers'));
}

/**
 * v1 hierarchies whose machine cgroup is delegated to the machine's root, so
 * systemd inside creates its unit cgroups there and the kernel enforces a
 * unit's CPUQuota= and MemoryMax= (without it systemd finds cgroup.procs
 * unwritable, skips the controller and the settings are dead letters).
 * nspawn (252, --private-users, cgroup namespace) mounts these hierarchies
 * read-write inside, rooted at the machine's cgroup; the ownership decides.
 * cpuacct too: systemd treats cpu and cpuacct as one joined controller and
 * trims a unit's cpu cgroup right after making it when cpuacct is missing.
 */
export const DELEGATED_V1_HIERARCHIES = ['cpu', 'cpuacct', 'memory'] as const;

/**
 * What the machine's root owns in a delegated cgroup: the directory (to make
 * children) and the process lists (systemd checks cgroup.procs is writable).
 * Never a limit file: memory.limit_in_bytes, cpu.shares, … of the machine's
 * own cgroup stay host root's, and children cannot exceed their parent.
 */
export const DELEGATED_FILES = ['.', 'cgroup.procs', 'tasks'] as const;

/** Create the machine's cgroups with `limits`; with `delegateTo` (host uid of the machine's root) delegate the cpu and memory subtrees. */
export async function createCgroup(relative: string, limits: MachineLimits = {}, delegateTo?: number): Promise<string[]> {
  if (isUnified()) await enableControllers(relative);
  const dirs = cgroupDirs(relative);
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  await applyLimits(relative, limits);
  if (delegateTo !== undefined) await delegateV1(relative, delegateTo);
  return dirs.map((dir) => join(dir, 'cgroup.procs'));
}

async function delegateV1(relative: string, owner: number): Promise<void> {
  if (isUnified()) return;
  for (const hierarchy of DELEGATED_V1_HIERARCHIES) {
    const dir = join(ROOT, hierarchy, relative);
    if (!existsSync(dir)) continue;
    for (const file of DELEGATED_FILES) await chown(join(dir, file), owner, owner);
  }
}

/** The limit files to write for `limits`, v1 and v2 names alike; each is written where it exists. */
export function limitFiles(limits: MachineLimits): Record<string, string> {
  const files: Record<string, string> = {};
  if (limits.memoryMax) Object.assign(files, { 'memory.max': String(limits.memoryMax), 'memory.limit_in_bytes': String(limits.memoryMax) });
  if (limits.pidsMax) files['pids.max'] = String(limits.pidsMax);
  if (limits.cpuWeight) {
    files['cpu.weight'] = String(limits.cpuWeight);
    files['cpu.shares'] = String(Math.max(2, Math.round((limits.cpuWeight * 1024) / 100)));
  }
  return files;
}

async function applyLimits(relative: string, limits: MachineLimits): Promise<void> {
  const files = limitFiles(limits);
  for (const dir of cgroupDirs(relative)) {
    for (const [file, value] of Object.entries(files)) {
      if (existsSync(join(dir, file))) await writeFile(join(dir, file), value);
    }
  }
}

/** Read one limit file of the machine's cgroup (the host's view), from whichever hierarchy has it. */
export async function readLimit(relative: string, file: string): Promise<string | undefined> {
  for (const dir of cgroupDirs(relative)) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.trim();
  }
  return undefined;
}

/** On cgroup v2, limits need their controllers enabled in every ancestor's subtree_control. */
async function enableControllers(relative: string): Promise<void> {
  const wanted = ['memory', 'pids', 'cpu'];
  const parts = relative.split('/').slice(0, -1);
  let dir = ROOT;
  for (const part of ['', ...parts]) {
    dir = part ? join(dir, part) : dir;
    await mkdir(dir, { recursive: true });
    const available = (await readFile(join(dir, 'cgroup.controllers'), 'utf8').catch(() => '')).split(/\s+/);
    for (const controller of wanted.filter((c) => available.includes(c))) {
      await writeFile(join(dir, 'cgroup.subtree_control'), `+${controller}`).catch(() => undefined);
    }
  }
}

/** Memory charged to the machine (bytes), or undefined when no memory controller is mounted. */
export async function memoryCurrent(relative: string): Promise<number | undefined> {
  for (const dir of cgroupDirs(relative)) {
    for (const file of ['memory.current', 'memory.usage_in_bytes']) {
      const text = await readFile(join(dir, file), 'utf8').catch(() => undefined);
      if (text !== undefined) return Number.parseInt(text, 10);
    }
  }
  return undefined;
}

/** Every pid in the cgroup subtree, in any hierarchy. */
export async function cgroupPids(relative: string): Promise<number[]> {
  const pids = new Set<number>();
  for (const dir of cgroupDirs(relative)) for (const pid of await subtreePids(dir)) pids.add(pid);
  return [...pids];
}

async function subtreePids(dir: string): Promise<number[]> {
  const own = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  const pids = own.split('\n').filter(Boolean).map(Number);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) pids.push(...(await subtreePids(join(dir, entry.name))));
  return pids;
}

/** SIGKILL everything in the subtree until it is empty, then remove the directories bottom-up. */
export async function destroyCgroup(relative: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = await cgroupPids(relative);
    if (pids.length === 0 || Date.now() > deadline) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(50);
  }
  for (const dir of cgroupDirs(relative)) await removeTree(dir);
}

async function removeTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return;
  for (const entry of entries) if (entry.isDirectory()) await removeTree(join(dir, entry.name));
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      await sleep(50);
    }
  }
}

/** Names of machine cgroups under faultline/ in any hierarchy (for gc). */
export async function listMachineCgroups(): Promise<string[]> {
  const names = new Set<string>();
  for (const dir of cgroupDirs('faultline')) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) names.add(entry.name);
    }
  }
  return [...names];
}
