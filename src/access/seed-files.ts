import { chmod, chown, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { FaultlineError } from '../errors/index.js';

/** A file or directory to place into a machine's root (an overlay upper dir) before it boots. */
export type SeedEntry =
  | { readonly kind: 'file'; readonly path: string; readonly content: string; readonly mode: number; readonly uid?: number; readonly gid?: number }
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number; readonly uid?: number; readonly gid?: number };

/**
 * Write seed entries under `root` in order (directories before what they
 * hold), with exact modes and owners. Missing parents are created 0755
 * root-owned. Files are replaced atomically. Paths must be absolute and stay
 * inside `root`.
 */
export async function writeSeedEntries(root: string, entries: readonly SeedEntry[]): Promise<void> {
  for (const entry of entries) {
    const normal = posix.normalize(entry.path);
    if (!posix.isAbsolute(entry.path) || normal !== entry.path || normal.split('/').includes('..') || normal === '/') {
      throw new FaultlineError('INVALID_PARAMS', `Seed path ${JSON.stringify(entry.path)} must be an absolute, normalised path below /.`);
    }
    const target = join(root, normal);
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    if (entry.kind === 'dir') {
      await mkdir(target, { recursive: true });
    } else {
      const temp = join(dirname(target), `.${posix.basename(normal)}.seed-${process.pid}.tmp`);
      await writeFile(temp, entry.content, { mode: 0o600 });
      await setOwnerAndMode(temp, entry);
      await rename(temp, target);
      continue;
    }
    await setOwnerAndMode(target, entry);
  }
}

async function setOwnerAndMode(path: string, entry: SeedEntry): Promise<void> {
  await chown(path, entry.uid ?? 0, entry.gid ?? 0);
  // chmod after chown: chown clears setuid/setgid, and the sticky bit must survive umask.
  await chmod(path, entry.mode);
}
