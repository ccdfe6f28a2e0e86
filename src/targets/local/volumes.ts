import { mkdir, rm, readFile } from 'node:fs/promises';
import { run, tryRun } from '../../utils/run.js';

/**
 * Size-limited data volumes are tmpfs mounts made on the host and bound into
 * the machine at launch (machines have no loop devices of their own).
 */
export async function mountVolume(hostPath: string, sizeMiB: number, uid: number): Promise<void> {
  await mkdir(hostPath, { recursive: true });
  if (await isMountPoint(hostPath)) return;
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0750,uid=${uid},gid=${uid}`, 'faultline-data', hostPath]);
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
