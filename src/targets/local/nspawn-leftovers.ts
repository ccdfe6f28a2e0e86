import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Directories nspawn keeps on the host for a running machine. A clean exit
 * removes them; a SIGKILL (our fast `down`, or a crash) does not.
 */
export const NSPAWN_RUNTIME_DIRS = ['/run/systemd/nspawn/propagate', '/run/systemd/nspawn/unix-export'];

export async function removeNspawnLeftovers(machine: string): Promise<void> {
  for (const dir of NSPAWN_RUNTIME_DIRS) await rm(join(dir, machine), { recursive: true, force: true });
}
