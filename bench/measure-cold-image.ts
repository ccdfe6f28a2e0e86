import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/engine/load-config.js';
import { ensureBaseImage } from '../src/targets/local/image/build-image.js';
import type { BenchContext } from './context.js';

export interface ColdImageRun {
  readonly ms: number | undefined;
  readonly failure?: string;
}

/**
 * Build the base image from nothing (debootstrap + prepare) into a fresh
 * FAULTLINE_HOME with an empty image cache, then delete it. Needs the Debian
 * archive. FAULTLINE_HOME is switched for this process only while it runs.
 */
export async function measureColdImage(ctx: BenchContext): Promise<ColdImageRun> {
  const config = await loadConfig();
  const coldHome = await mkdtemp(join(tmpdir(), 'faultline-bench-cold-'));
  ctx.cleanup.add('cold image home', () => rm(coldHome, { recursive: true, force: true }));
  const saved = process.env.FAULTLINE_HOME;
  process.env.FAULTLINE_HOME = coldHome;
  ctx.progress('cold image: building the base image from scratch');
  try {
    const started = performance.now();
    const image = await ensureBaseImage({ mirror: config.local.mirror }, ctx.progress);
    if (!image.built) return { ms: undefined, failure: 'the image was already there (not a cold build)' };
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: undefined, failure: error instanceof Error ? error.message : String(error) };
  } finally {
    if (saved === undefined) delete process.env.FAULTLINE_HOME;
    else process.env.FAULTLINE_HOME = saved;
    await rm(coldHome, { recursive: true, force: true });
  }
}
