import { randomBytes } from 'node:crypto';
import { copyFile, chmod, chown, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isContent, isCopy, isDirectory, isSymlink, type RenderedFile, type RenderedOwner } from '../../stack/render/rendered-file.js';

/**
 * Write a machine's identity and rendered files into its overlay upper dir
 * before first boot: the image itself carries no hostname, machine-id or
 * host keys (debootstrap would have copied the build host's). Entries are
 * written in order, so a directory listed before its files keeps its owner.
 */
export async function seedUpperDir(upperDir: string, hostname: string, files: readonly RenderedFile[]): Promise<void> {
  await mkdir(upperDir, { recursive: true });
  const identity: RenderedFile[] = [
    { path: '/etc/hostname', content: `${hostname}\n` },
    { path: '/etc/machine-id', content: `${randomBytes(16).toString('hex')}\n`, mode: 0o444 },
    { path: '/etc/resolv.conf', content: '# faultline: no DNS server; names come from /etc/hosts\n' },
  ];
  for (const file of [...identity, ...files]) await writeEntry(upperDir, file);
}

async function writeEntry(root: string, file: RenderedFile): Promise<void> {
  const target = join(root, file.path);
  if (isDirectory(file)) {
    await mkdir(target, { recursive: true });
    await setOwnerAndMode(target, file, file.mode ?? 0o755);
    return;
  }
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  if (isSymlink(file)) {
    await symlink(file.symlinkTo, target);
  } else if (isCopy(file)) {
    await copyFile(file.copyFrom, target);
    await chmod(target, file.mode ?? 0o755);
  } else if (isContent(file)) {
    await writeFile(target, file.content, { mode: 0o600 });
    await setOwnerAndMode(target, file, file.mode ?? 0o644);
  }
}

/** chown before chmod: chown clears setuid/setgid bits, and the sticky bit must not depend on umask. */
async function setOwnerAndMode(path: string, owner: RenderedOwner, mode: number): Promise<void> {
  if (owner.uid !== undefined || owner.gid !== undefined) await chown(path, owner.uid ?? 0, owner.gid ?? 0);
  await chmod(path, mode);
}
