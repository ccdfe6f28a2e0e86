import { randomBytes } from 'node:crypto';
import { copyFile, chmod, lchown, lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isContent, isCopy, isDirectory, isSymlink, type RenderedFile, type RenderedOwner } from '../../stack/render/rendered-file.js';
import { hostId, NO_SHIFT, type IdShift } from './userns.js';

export interface SeedOptions {
  /** How machine ids appear on the host (the user namespace's offset); default none. */
  readonly ids?: IdShift;
  /** The image the upper dir overlays: directories created on the way to a file copy its owner and mode. */
  readonly lowerRoot?: string;
}

/**
 * Write a machine's identity and rendered files into its overlay upper dir
 * before first boot: the image itself carries no hostname, machine-id or
 * host keys (debootstrap would have copied the build host's). Entries are
 * written in order, so a directory listed before its files keeps its owner.
 * Every owner is a machine id shifted into the user namespace, the upper
 * dir itself (the machine's `/`) included; a directory made only to hold a
 * file gets the owner and mode it has in the image, so the overlay does not
 * change it.
 */
export async function seedUpperDir(upperDir: string, hostname: string, files: readonly RenderedFile[], options: SeedOptions = {}): Promise<void> {
  const ids = options.ids ?? NO_SHIFT;
  await mkdir(upperDir, { recursive: true });
  await own(upperDir, hostId(ids, 0), hostId(ids, 0));
  const identity: RenderedFile[] = [
    { path: '/etc/hostname', content: `${hostname}\n` },
    { path: '/etc/machine-id', content: `${randomBytes(16).toString('hex')}\n`, mode: 0o444 },
    { path: '/etc/resolv.conf', content: '# faultline: no DNS server; names come from /etc/hosts\n' },
  ];
  for (const file of [...identity, ...files]) await writeEntry(upperDir, file, ids, options.lowerRoot);
}

async function writeEntry(root: string, file: RenderedFile, ids: IdShift, lowerRoot: string | undefined): Promise<void> {
  const target = join(root, file.path);
  const rootId = hostId(ids, 0);
  await makeParents(root, dirname(file.path), ids, lowerRoot);
  if (isDirectory(file)) {
    await mkdir(target, { recursive: true });
    await setOwnerAndMode(target, file, file.mode ?? 0o755, ids);
    return;
  }
  await rm(target, { force: true });
  if (isSymlink(file)) {
    await symlink(file.symlinkTo, target);
    await own(target, rootId, rootId);
  } else if (isCopy(file)) {
    await copyFile(file.copyFrom, target);
    await setOwnerAndMode(target, {}, file.mode ?? 0o755, ids);
  } else if (isContent(file)) {
    await writeFile(target, file.content, { mode: 0o600 });
    await setOwnerAndMode(target, file, file.mode ?? 0o644, ids);
  }
}

/** Create the missing directories of `dir` (a machine path) in the upper dir, each owned like its image counterpart. */
async function makeParents(root: string, dir: string, ids: IdShift, lowerRoot: string | undefined): Promise<void> {
  let path = '';
  for (const part of dir.split('/').filter(Boolean)) {
    path = `${path}/${part}`;
    const target = join(root, path);
    if (await lstat(target).catch(() => undefined)) continue;
    const lower = lowerRoot ? await lstat(join(lowerRoot, path)).catch(() => undefined) : undefined;
    const like = lower?.isDirectory() ? lower : undefined;
    await mkdir(target);
    await own(target, like?.uid ?? hostId(ids, 0), like?.gid ?? hostId(ids, 0));
    await chmod(target, like ? like.mode & 0o7777 : 0o755);
  }
}

/** chown before chmod: chown clears setuid/setgid bits, and the sticky bit must not depend on umask. */
async function setOwnerAndMode(path: string, owner: RenderedOwner, mode: number, ids: IdShift): Promise<void> {
  await own(path, hostId(ids, owner.uid ?? 0), hostId(ids, owner.gid ?? 0));
  await chmod(path, mode);
}

/** lchown unless the entry already has that owner (so seeding without a shift needs no privilege). */
async function own(path: string, uid: number, gid: number): Promise<void> {
  const stat = await lstat(path);
  if (stat.uid !== uid || stat.gid !== gid) await lchown(path, uid, gid);
}
