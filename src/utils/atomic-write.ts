import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Write `content` to `path` via a temp file + rename, so readers never see half a file.
 * The temp name is unique per call (not just per process and millisecond): concurrent
 * writers of one path in one process must not rename each other's temp file away.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, content, { mode });
  await rename(temp, path);
}
