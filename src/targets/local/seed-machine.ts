import { randomBytes } from 'node:crypto';
import { copyFile, chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isContent, isCopy, isSymlink, type RenderedFile } from '../../stack/render/rendered-file.js';

/**
 * Write a machine's identity and rendered files into its overlay upper dir
 * before first boot: the image itself carries no hostname, machine-id or
 * host keys (debootstrap would have copied the build host's).
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
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  if (isSymlink(file)) {
    await symlink(file.symlinkTo, target);
  } else if (isCopy(file)) {
    await copyFile(file.copyFrom, target);
    await chmod(target, file.mode ?? 0o755);
  } else if (isContent(file)) {
    await writeFile(target, file.content, { mode: file.mode ?? 0o644 });
    await chmod(target, file.mode ?? 0o644);
  }
}
