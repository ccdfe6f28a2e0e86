import { existsSync } from 'node:fs';
import { chmod, lchown, lstat, opendir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FaultlineError } from '../../../errors/index.js';
import { homePaths } from '../../../core/paths.js';
import { withLock } from '../../../utils/lock.js';
import { run } from '../../../utils/run.js';
import type { IdShift } from '../userns.js';
import type { ImageInfo } from './build-image.js';
import { parseGetcap, planShift } from './shift-plan.js';

/** Bump when the shift procedure changes: the cache key includes it, so a new procedure builds a new copy. */
export const SHIFT_VERSION = 1;

/** Written last into a finished shifted copy; its absence means "not built". */
const DONE_MARKER = '.faultline-shifted';

export interface ShiftedImage extends ImageInfo {
  /** Seconds the shift took when this call built it. */
  readonly seconds?: number;
}

/** Where the copy of `base` shifted by `ids` lives (next to it in the image cache). */
export function shiftedRootfs(base: ImageInfo, ids: IdShift): string {
  return `${base.rootfs}.userns-${ids.shift.toString(16)}-v${SHIFT_VERSION}`;
}

/**
 * The base image with every owner offset into the machines' user namespace,
 * built once per image and cached next to it, under the image lock (like the
 * base build: into a temp dir, renamed into place, so a killed shift leaves
 * no half image). Without a shift the base image itself is returned.
 */
export async function ensureShiftedImage(base: ImageInfo, ids: IdShift, progress: (line: string) => void): Promise<ShiftedImage> {
  if (ids.shift === 0) return base;
  const rootfs = shiftedRootfs(base, ids);
  const info = { key: basename(rootfs), rootfs, built: false };
  if (existsSync(join(rootfs, DONE_MARKER))) return info;
  return withLock(
    join(homePaths.images(), 'build.lock'),
    async () => {
      if (existsSync(join(rootfs, DONE_MARKER))) return info;
      const started = Date.now();
      progress(`shifting base image into the machines' user namespace (uids ${ids.shift}+; once per image)`);
      await shiftImageInto(base.rootfs, rootfs, ids);
      const seconds = (Date.now() - started) / 1000;
      progress(`shifted image ready in ${Math.round(seconds)} s`);
      return { ...info, built: true, seconds };
    },
    { onWait: (pid) => progress(`waiting for the image build in process ${pid}`) },
  );
}

/** Copy `source` to `rootfs` (which must not exist) with every owner shifted, via a temp dir renamed into place. */
export async function shiftImageInto(source: string, rootfs: string, ids: IdShift): Promise<void> {
  const temp = `${rootfs}.build-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  try {
    // cp -a keeps hard links, sparse files, modes and xattrs; owners are redone below from the source.
    await run('cp', ['-a', '--reflink=auto', source, temp], { timeoutMs: 600_000 });
    const caps = parseGetcap(await run('getcap', ['-r', '.'], { cwd: source, timeoutMs: 120_000 }));
    await shiftTree(source, temp, ids);
    for (const entry of caps) await run('setcap', ['-n', String(ids.shift), entry.caps, join(temp, entry.path)]);
    await writeFile(join(temp, DONE_MARKER), `shift=${ids.shift}\n`, { mode: 0o644 });
    await lchown(join(temp, DONE_MARKER), ids.shift, ids.shift);
    await rename(temp, rootfs);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new FaultlineError('PROVISION_FAILED', `Could not shift the base image into the machines' user namespace: ${(error as Error).message}`, {
      cause: error,
      hint: 'Check free disk space in the image cache (a shifted copy is about the size of the base image) and run again.',
    });
  }
}

/** Walk the source image; give each entry of the copy its shifted owner (and back its setuid/setgid bits). */
async function shiftTree(source: string, copy: string, ids: IdShift): Promise<void> {
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop() ?? '';
    await shiftEntry(join(source, relative), join(copy, relative), ids);
    const dir = await opendir(join(source, relative)).catch(() => undefined);
    if (!dir) continue;
    const children: string[] = [];
    for await (const entry of dir) {
      if (entry.isDirectory()) pending.push(join(relative, entry.name));
      else children.push(join(relative, entry.name));
    }
    await Promise.all(children.map((child) => shiftEntry(join(source, child), join(copy, child), ids)));
  }
}

async function shiftEntry(sourcePath: string, copyPath: string, ids: IdShift): Promise<void> {
  const stat = await lstat(sourcePath);
  const step = planShift(ids, { uid: stat.uid, gid: stat.gid, mode: stat.mode, symlink: stat.isSymbolicLink() });
  await lchown(copyPath, step.uid, step.gid);
  if (step.restoreMode !== undefined) await chmod(copyPath, step.restoreMode);
}
