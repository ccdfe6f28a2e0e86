import { mkdir, rm, readFile } from 'node:fs/promises';
import { run, tryRun } from '../../utils/run.js';

/** Inodes per MiB of a data volume: one per 16 KiB, mke2fs's default inode ratio, so `df -i` looks like a real disk's. */
export const INODES_PER_MIB = 64;

/**
 * Size-limited data volumes are tmpfs mounts made on the host and bound into
 * the machine at launch (machines have no loop devices of their own). The
 * inode count is fixed like a formatted disk's (the machines, in their own
 * user namespace, cannot remount it), so inodes can run out while space is left.
 */
export async function mountVolume(hostPath: string, sizeMiB: number, uid: number): Promise<void> {
  await mkdir(hostPath, { recursive: true });
  if (await isMountPoint(hostPath)) return;
  const options = `size=${sizeMiB}m,nr_inodes=${sizeMiB * INODES_PER_MIB},mode=0750,uid=${uid},gid=${uid}`;
  await run('mount', ['-t', 'tmpfs', '-o', options, 'faultline-data', hostPath]);
}

/** Unmount (lazily if busy) and remove the mount point. Idempotent. */
export async function unmountVolume(hostPath: string): Promise<void> {
  for (let i = 0; i < 5 && (await isMountPoint(hostPath)); i++) {
    if (!(await tryRun('umount', [hostPath]))) await tryRun('umount', ['-l', hostPath]);
  }
  await rm(hostPath, { recursive: true, force: true });
}

export async function isMountPoint(path: string): Promise<boolean> {
  return (await listMounts()).includes(path);
}

/** Mount points on the host (from /proc/self/mountinfo). */
export async function listMounts(): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\040/g, ' '));
}
