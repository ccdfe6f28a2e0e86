import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../src/engine/load-config.js';
import { ROLES } from '../src/stack/topology.js';
import { destroyCgroup } from '../src/targets/local/cgroups.js';
import { ensureBaseImage } from '../src/targets/local/image/build-image.js';
import type { BenchContext } from './context.js';
import { sumCgroupMemory } from './machine-memory.js';
import { launchRawMachine, removeRawMachine, waitRawMachineBooted, type RawMachine } from './raw-machine.js';
import { throwIfInterrupted } from './interrupt.js';
import { formatSeconds } from './stats.js';

export interface RawBootRuns {
  /** Launch of all 4 → every `systemctl is-system-running` is running/degraded, per run. */
  readonly bootMs: readonly number[];
  /** Sum of the 4 raw machines' cgroup memory once booted, per run. */
  readonly cgroupBytes: readonly (number | undefined)[];
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
 * Boot the same 4 machines without faultline, `runs` times: launched
 * detached together from the cached image, timed until all have booted,
 * then torn down. The floor faultline's warm `up` is compared against.
 */
export async function measureRawBoot(ctx: BenchContext): Promise<RawBootRuns> {
  const config = await loadConfig();
  const image = await ensureBaseImage({ mirror: config.local.mirror }, ctx.progress);
  ctx.cleanup.add('raw machines', removeLiveRawMachines);
  const bootMs: number[] = [];
  const cgroupBytes: (number | undefined)[] = [];
  const failures: string[] = [];
  for (let index = 1; index <= ctx.options.runs; index++) {
    ctx.progress(`raw boot ${index}/${ctx.options.runs}: 4 × systemd-nspawn --boot`);
    const workDir = await mkdtemp(join(ctx.home.home, 'raw-boot-'));
    const machines: RawMachine[] = [];
    try {
      const started = performance.now();
      for (const role of ROLES) {
        throwIfInterrupted();
        const machine = await launchRawMachine(`flbench-${role}`, image.rootfs, workDir);
        live.add(machine);
        machines.push(machine);
      }
      const booted = await Promise.all(machines.map((m) => waitRawMachineBooted(m, BOOT_TIMEOUT_MS)));
      const ms = performance.now() - started;
      const failed = booted.map((b, i) => (b.ok ? undefined : `${machines[i]?.name}: ${b.state}`)).filter(Boolean);
      if (failed.length > 0) {
        failures.push(`run ${index}: ${failed.join('; ')}`);
      } else {
        bootMs.push(ms);
        cgroupBytes.push(await sumCgroupMemory(machines.map((m) => m.cgroup)));
        ctx.progress(`raw boot ${index}: ${formatSeconds(ms)}`);
      }
    } finally {
      for (const machine of machines) {
        await removeRawMachine(machine);
        live.delete(machine);
      }
      await rm(workDir, { recursive: true, force: true });
    }
  }
  await destroyCgroup('faultline-bench');
  return { bootMs, cgroupBytes, failures };
}
