import { readdir, rm } from 'node:fs/promises';
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
 * Remove the image lock files nobody holds. nspawn unlinks its lock on exit
 * only when it can take it exclusively, so two machines of one image that
 * exit together (or one killed) leave it behind. The same check, done after
 * our machines are gone: take it exclusively without waiting and unlink it
 * while held (nspawn's own way, race-free against an nspawn starting now);
 * a lock another machine holds is left alone. Returns the names removed.
 */
export async function removeUnheldImageLocks(dir: string = NSPAWN_LOCK_DIR): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const result = await execa('flock', ['--nonblock', '--exclusive', path, 'rm', '-f', path], { reject: false });
    if (result.exitCode === 0) removed.push(name);
  }
  return removed;
}
