import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createCgroup, destroyCgroup } from '../src/targets/local/cgroups.js';
import { launchMachine, stopMachine, waitForBoot, waitForLeader } from '../src/targets/local/nspawn.js';
import { removeNspawnLeftovers } from '../src/targets/local/nspawn-leftovers.js';
import { hostId, NO_SHIFT, type IdShift } from '../src/targets/local/userns.js';

/** A machine booted straight from the base image, with no faultline on top. */
export interface RawMachine {
  readonly name: string;
  readonly cgroup: string;
  readonly upperDir: string;
  readonly nspawnPid: number;
  leaderPid?: number;
}

/**
 * Start one raw machine: faultline's own launcher (its cgroup, same image,
 * overlay and flags) but no bridge — a private network — an empty upper dir
 * (no role, no seeded files), in a cgroup under faultline-bench/ (outside
 * faultline's gc namespace). With `ids`, in the user namespace over the
 * shifted image, as faultline's machines run.
 */
export async function launchRawMachine(name: string, rootfs: string, workDir: string, ids: IdShift = NO_SHIFT): Promise<RawMachine> {
  const upperDir = join(workDir, `${name}-upper`);
  await mkdir(upperDir, { recursive: true });
  await chown(upperDir, hostId(ids, 0), hostId(ids, 0));
  const cgroup = `faultline-bench/${name}`;
  const cgroupProcs = await createCgroup(cgroup);
  const nspawnPid = launchMachine({ name, rootfs, upperDir, binds: [], cgroupProcs, ids, consoleLog: join(workDir, `${name}.console.log`) });
  return { name, cgroup, upperDir, nspawnPid };
}

/** Wait until systemd in the machine reports running/degraded; returns the final state or why not. */
export async function waitRawMachineBooted(machine: RawMachine, timeoutMs: number): Promise<{ ok: boolean; state: string }> {
  const leader = await waitForLeader(machine.nspawnPid, Math.min(timeoutMs, 30_000));
  if (leader === undefined) return { ok: false, state: 'no systemd leader appeared' };
  machine.leaderPid = leader;
  const state = await waitForBoot(leader, timeoutMs);
  return { ok: state === 'running' || state === 'degraded', state };
}

/** Stop the machine, kill anything left in its cgroup, remove nspawn's runtime dirs and the upper dir. */
export async function removeRawMachine(machine: RawMachine): Promise<void> {
  await stopMachine(machine.nspawnPid, machine.leaderPid);
  await destroyCgroup(machine.cgroup);
  await removeNspawnLeftovers(machine.name);
  await rm(machine.upperDir, { recursive: true, force: true });
}
