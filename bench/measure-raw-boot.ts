import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../src/engine/load-config.js';
import { ROLES } from '../src/stack/topology.js';
import { destroyCgroup } from '../src/targets/local/cgroups.js';
import { ensureBaseImage, type ImageInfo } from '../src/targets/local/image/build-image.js';
import { ensureShiftedImage, shiftImageInto } from '../src/targets/local/image/shift-image.js';
import { NO_SHIFT, USERNS_SHIFT, type IdShift } from '../src/targets/local/userns.js';
import type { BenchContext } from './context.js';
import { sumCgroupMemory } from './machine-memory.js';
import { launchRawMachine, removeRawMachine, waitRawMachineBooted, type RawMachine } from './raw-machine.js';
import { throwIfInterrupted } from './interrupt.js';
import { formatSeconds } from './stats.js';

export interface RawBootRuns {
  /** Launch of all 4 → every `systemctl is-system-running` is running/degraded, per run, in the user namespace (as faultline runs them). */
  readonly bootMs: readonly number[];
  /** The same without a user namespace (the plain base image), per run: what the user namespace is compared against. */
  readonly plainBootMs: readonly number[];
  /** Sum of the 4 raw machines' cgroup memory once booted, per run (user namespace). */
  readonly cgroupBytes: readonly (number | undefined)[];
  /** One fresh shift of the base image into the user namespace (the once-per-image cost): wall time and disk use. */
  readonly shift?: { readonly ms: number; readonly bytes: number } | undefined;
  readonly failures: readonly string[];
}

const BOOT_TIMEOUT_MS = 120_000;
const live = new Set<RawMachine>();

/** Stop every raw machine still running (for the SIGINT path) and drop the bench's cgroup parent. */
export async function removeLiveRawMachines(): Promise<void> {
  for (const machine of live) await removeRawMachine(machine);
  live.clear();
  await destroyCgroup('faultline-bench');
}

/**
 * Boot the same 4 machines without faultline, `runs` times each with and
 * without the user namespace (alternating, so host noise hits both alike):
 * launched detached together from the cached image, timed until all have
 * booted, then torn down. The floor faultline's warm `up` is compared
 * against, and the user namespace's cost. First, one fresh shift of the base
 * image into a scratch dir measures the once-per-image shift.
 */
export async function measureRawBoot(ctx: BenchContext): Promise<RawBootRuns> {
  const config = await loadConfig();
  const base = await ensureBaseImage({ mirror: config.local.mirror }, ctx.progress);
  ctx.cleanup.add('raw machines', removeLiveRawMachines);
  const failures: string[] = [];
  const shift = await measureShift(ctx, base).catch((error: unknown) => {
    failures.push(`shift: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  const shifted = await ensureShiftedImage(base, USERNS_SHIFT, ctx.progress);
  const bootMs: number[] = [];
  const plainBootMs: number[] = [];
  const cgroupBytes: (number | undefined)[] = [];
  for (let index = 1; index <= ctx.options.runs; index++) {
    const plain = await bootOnce(ctx, `raw boot ${index}/${ctx.options.runs} without user namespace`, base.rootfs, NO_SHIFT);
    if (plain.ms !== undefined) plainBootMs.push(plain.ms);
    else failures.push(`plain run ${index}: ${plain.failure}`);
    const userns = await bootOnce(ctx, `raw boot ${index}/${ctx.options.runs} in the user namespace`, shifted.rootfs, USERNS_SHIFT);
    if (userns.ms !== undefined) {
      bootMs.push(userns.ms);
      cgroupBytes.push(userns.bytes);
    } else failures.push(`run ${index}: ${userns.failure}`);
  }
  await destroyCgroup('faultline-bench');
  return { bootMs, plainBootMs, cgroupBytes, shift, failures };
}

async function measureShift(ctx: BenchContext, base: ImageInfo): Promise<{ ms: number; bytes: number }> {
  const scratch = await mkdtemp(join(ctx.home.home, 'shift-'));
  ctx.cleanup.add('shift scratch', () => rm(scratch, { recursive: true, force: true }));
  try {
    ctx.progress('shift: copying the base image with every owner shifted (the once-per-image cost)');
    const target = join(scratch, 'shifted');
    const started = performance.now();
    await shiftImageInto(base.rootfs, target, USERNS_SHIFT);
    const ms = performance.now() - started;
    const bytes = Number((await execa('du', ['-s', '-B1', target])).stdout.split('\t')[0]);
    ctx.progress(`shift: ${formatSeconds(ms)}, ${Math.round(bytes / 1e6)} MB`);
    return { ms, bytes };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function bootOnce(
  ctx: BenchContext,
  label: string,
  rootfs: string,
  ids: IdShift,
): Promise<{ ms?: number; bytes?: number | undefined; failure?: string }> {
  ctx.progress(`${label}: 4 × systemd-nspawn --boot`);
  const workDir = await mkdtemp(join(ctx.home.home, 'raw-boot-'));
  const machines: RawMachine[] = [];
  try {
    const started = performance.now();
    for (const role of ROLES) {
      throwIfInterrupted();
      const machine = await launchRawMachine(`flbench-${role}`, rootfs, workDir, ids);
      live.add(machine);
      machines.push(machine);
    }
    const booted = await Promise.all(machines.map((m) => waitRawMachineBooted(m, BOOT_TIMEOUT_MS)));
    const ms = performance.now() - started;
    const failed = booted.map((b, i) => (b.ok ? undefined : `${machines[i]?.name}: ${b.state}`)).filter(Boolean);
    if (failed.length > 0) return { failure: failed.join('; ') };
    ctx.progress(`${label}: ${formatSeconds(ms)}`);
    return { ms, bytes: await sumCgroupMemory(machines.map((m) => m.cgroup)) };
  } finally {
    for (const machine of machines) {
      await removeRawMachine(machine);
      live.delete(machine);
    }
    await rm(workDir, { recursive: true, force: true });
  }
}
