import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { FaultlineError } from '../../../errors/index.js';
import { homePaths } from '../../../core/paths.js';
import { withLock } from '../../../utils/lock.js';
import { IMAGE_PACKAGES, PREPARE_SCRIPT, SUITE, imageKey, type RecipeOptions } from './recipe.js';

export interface ImageInfo {
  readonly key: string;
  /** The rootfs directory machines use as their overlay lower layer. */
  readonly rootfs: string;
  /** True when this call built it (false: cache hit). */
  readonly built: boolean;
}

/**
 * Return the cached base image, building it first if needed. Concurrent
 * callers wait on one lock; the build goes to a temp dir and is renamed into
 * place, so a killed build never leaves a half image in the cache.
 */
export async function ensureBaseImage(options: RecipeOptions, progress: (line: string) => void): Promise<ImageInfo> {
  const key = imageKey(options);
  const rootfs = join(homePaths.images(), key);
  if (existsSync(join(rootfs, 'etc', 'os-release'))) return { key, rootfs, built: false };
  return withLock(
    join(homePaths.images(), 'build.lock'),
    async () => {
      if (existsSync(join(rootfs, 'etc', 'os-release'))) return { key, rootfs, built: false };
      await buildInto(rootfs, options, progress);
      return { key, rootfs, built: true };
    },
    { onWait: (pid) => progress(`waiting for the base image build in process ${pid}`) },
  );
}

async function buildInto(rootfs: string, options: RecipeOptions, progress: (line: string) => void): Promise<void> {
  const temp = `${rootfs}.build-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  const started = Date.now();
  progress(`building base image ${rootfs} (debootstrap ${SUITE}, ${IMAGE_PACKAGES.length} packages; about a minute, once)`);
  try {
    const args = ['--variant=minbase', `--include=${IMAGE_PACKAGES.join(',')}`, SUITE, temp];
    if (options.mirror) args.push(options.mirror);
    const child = execa('debootstrap', args, { reject: false, all: true, buffer: { all: true } });
    let steps = 0;
    child.all?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (/^I: (Retrieving|Validating|Extracting|Installing|Configuring|Unpacking)/.test(line) && ++steps % 40 === 0) {
          progress(`  image: ${line.slice(3).trim()}`);
        }
      }
    });
    const result = await child;
    if (result.exitCode !== 0) {
      throw new FaultlineError('PROVISION_FAILED', 'debootstrap failed while building the base image.', {
        details: String(result.all ?? '').split('\n').slice(-12),
        hint: 'Check that the Debian archive is reachable (or set local.mirror in config.yaml) and run again.',
      });
    }
    const prepared = await execa('chroot', [temp, '/bin/sh', '-c', PREPARE_SCRIPT], { reject: false, all: true });
    if (prepared.exitCode !== 0) {
      throw new FaultlineError('PROVISION_FAILED', 'Preparing the base image failed.', {
        details: String(prepared.all ?? '').split('\n').slice(-12),
      });
    }
    await rename(temp, rootfs);
    progress(`base image ready in ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
