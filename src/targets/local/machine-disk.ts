import { chown, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { run, tryRun } from '../../utils/run.js';
import { isMountPoint } from './volumes.js';

/**
 * Each machine's root filesystem bound: its overlay upper dir (and the
 * overlay work dir nspawn puts next to it) lives on a sparse ext4 image of
 * the configured size, loop-mounted on the host. `df /` inside shows that
 * size; a runaway write ends with ENOSPC inside; the host spends at most the
 * image size on disk (`discard` gives deleted blocks back). The loop device
 * is auto-cleared on unmount.
 */
export interface MachineDisk {
  /** Mount point of the machine's filesystem (the upper dir's parent). */
  readonly mountPoint: string;
  /** The sparse image file backing it. */
  readonly imageFile: string;
}

/** Where the disk of a machine with this upper dir lives: mounted on the upper dir's parent, image next to it. */
export function machineDiskFor(upperDir: string): MachineDisk {
  const mountPoint = dirname(upperDir);
  return { mountPoint, imageFile: `${mountPoint}.disk` };
}

/** mkfs.ext4 arguments: no reserved blocks, root dir owned by the machine's root, lazy init (fast, sparse). */
export function mkfsArgs(imageFile: string, rootOwner: number): string[] {
  return ['-q', '-F', '-m', '0', '-E', `root_owner=${rootOwner}:${rootOwner},lazy_itable_init=1,lazy_journal_init=1`, imageFile];
}

/** Create, format and mount the machine's disk; make the upper dir owned by the machine's root. Idempotent. */
export async function createMachineDisk(upperDir: string, sizeBytes: number, rootOwner: number): Promise<void> {
  const disk = machineDiskFor(upperDir);
  await mkdir(disk.mountPoint, { recursive: true });
  if (!(await isMountPoint(disk.mountPoint))) {
    await run('truncate', ['-s', String(sizeBytes), disk.imageFile]);
    await run('mkfs.ext4', mkfsArgs(disk.imageFile, rootOwner));
    await run('mount', ['-o', 'loop,discard', disk.imageFile, disk.mountPoint]);
  }
  await mkdir(upperDir, { recursive: true, mode: 0o755 });
  await chown(upperDir, rootOwner, rootOwner);
}

/** Unmount the machine's disk (lazily if busy), detach its loop device and delete the image. Idempotent. */
export async function removeMachineDisk(upperDir: string): Promise<void> {
  const disk = machineDiskFor(upperDir);
  for (let i = 0; i < 5 && (await isMountPoint(disk.mountPoint)); i++) {
    if (!(await tryRun('umount', [disk.mountPoint]))) await tryRun('umount', ['-l', disk.mountPoint]);
  }
  for (const device of await loopDevicesOf(disk.imageFile)) await tryRun('losetup', ['-d', device]);
  await rm(disk.imageFile, { force: true });
  await rm(disk.mountPoint, { recursive: true, force: true });
}

/** Loop devices whose backing file is `file`. */
export async function loopDevicesOf(file: string): Promise<string[]> {
  return (await listLoopDevices()).filter((loop) => loop.backingFile === file).map((loop) => loop.device);
}

export interface LoopDevice {
  readonly device: string;
  readonly backingFile: string;
}

/** Attached loop devices and their backing files (a deleted file keeps its path with " (deleted)"). */
export async function listLoopDevices(): Promise<LoopDevice[]> {
  const result = await execa('losetup', ['--list', '--noheadings', '--output', 'NAME,BACK-FILE'], { reject: false });
  return parseLosetup(String(result.stdout ?? ''));
}

export function parseLosetup(output: string): LoopDevice[] {
  return output
    .split('\n')
    .map((line) => /^(\S+)\s+(.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ device: m[1] ?? '', backingFile: (m[2] ?? '').replace(/ \(deleted\)$/, '') }));
}

