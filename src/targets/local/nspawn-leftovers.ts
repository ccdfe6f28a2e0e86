import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Directories nspawn keeps on the host for a running machine. A clean exit
 * removes them; a SIGKILL (our fast `down`, or a crash) does not.
 */
export const NSPAWN_RUNTIME_DIRS = ['/run/systemd/nspawn/propagate', '/run/systemd/nspawn/unix-export'];

export async function removeNspawnLeftovers(machine: string): Promise<void> {
  for (const dir of NSPAWN_RUNTIME_DIRS) await rm(join(dir, machine), { recursive: true, force: true });
}

/** Where nspawn keeps its image lock files (`inode-<dev>:<ino>`), one per image, shared by every machine on it. */
export const NSPAWN_LOCK_DIR = '/run/systemd/nspawn/locks';

/**
 * Remove nspawn's image lock files once no machine runs at all. nspawn
 * leaves them behind when machines of one image exit together or are killed;
 * they are also not held while machines run with --overlay, so "nobody holds
 * it" alone would remove a running machine's file. So: only when no nspawn
 * runs on the host, and only a file we can take exclusively without waiting,
 * unlinked while held (nspawn's own way, race-free against an nspawn starting
 * now). `dir` and `onlyWhenIdle` are for tests. Returns the names removed.
 */
export async function removeStaleImageLocks(options: { readonly dir?: string; readonly onlyWhenIdle?: boolean } = {}): Promise<string[]> {
  const dir = options.dir ?? NSPAWN_LOCK_DIR;
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.length === 0 || ((options.onlyWhenIdle ?? true) && (await anyNspawnRunning()))) return [];
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const result = await execa('flock', ['--nonblock', '--exclusive', path, 'rm', '-f', path], { reject: false });
    if (result.exitCode === 0) removed.push(name);
  }
  return removed;
}

async function anyNspawnRunning(): Promise<boolean> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'systemd-nspawn') return true;
  }
  return false;
}
