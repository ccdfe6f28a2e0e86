import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../../utils/sleep.js';

const ROOT = '/sys/fs/cgroup';

/**
 * The cgroup directories a machine gets, one per mounted hierarchy we care
 * about. On a pure cgroup v2 host that is one directory; on a hybrid host
 * (v1 controllers + name=systemd + unified) it is three. Moving the launcher
 * into these before exec'ing nspawn gives each machine its own `payload`
 * subtree (with --keep-unit and no host systemd they would otherwise share
 * one) and per-machine memory accounting.
 */
export function cgroupDirs(relative: string): string[] {
  if (existsSync(join(ROOT, 'cgroup.controllers'))) return [join(ROOT, relative)];
  return ['systemd', 'unified', 'memory']
    .map((hierarchy) => join(ROOT, hierarchy))
    .filter((dir) => existsSync(dir))
    .map((dir) => join(dir, relative));
}

export async function createCgroup(relative: string, memoryMax?: number): Promise<string[]> {
  const dirs = cgroupDirs(relative);
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  if (memoryMax) await setMemoryMax(relative, memoryMax);
  return dirs.map((dir) => join(dir, 'cgroup.procs'));
}

async function setMemoryMax(relative: string, bytes: number): Promise<void> {
  for (const dir of cgroupDirs(relative)) {
    for (const file of ['memory.max', 'memory.limit_in_bytes']) {
      if (existsSync(join(dir, file))) await writeFile(join(dir, file), String(bytes)).catch(() => undefined);
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
