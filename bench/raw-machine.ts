import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createCgroup, destroyCgroup } from '../src/targets/local/cgroups.js';
import { stopMachine, waitForBoot, waitForLeader } from '../src/targets/local/nspawn.js';
import { removeNspawnLeftovers } from '../src/targets/local/nspawn-leftovers.js';

/** A machine booted straight from the base image, with no faultline on top. */
export interface RawMachine {
  readonly name: string;
  readonly cgroup: string;
  readonly upperDir: string;
  readonly nspawnPid: number;
  leaderPid?: number;
}

/**
 * The nspawn command a user would type to boot the image by hand: same
 * image, overlay and flags as faultline, but a private network instead of
 * faultline's bridge, an empty upper dir (no role, no seeded files) and no
 * registration. src/targets/local/nspawn.ts launchMachine always joins a
 * bridge, hence this launcher; everything around it is faultline's own code.
 */
export function rawNspawnArgs(name: string, rootfs: string, upperDir: string): string[] {
  return [
    '--register=no',
    '--keep-unit',
    '--boot',
    '--quiet',
    '-M',
    name,
    '-D',
    rootfs,
    `--overlay=${rootfs}:${upperDir}:/`,
    '--private-network',
    '--link-journal=no',
    '--resolv-conf=off',
    '--console=passive',
  ];
}

// Same trick as nspawn.ts: move into the machine's own cgroups, then become nspawn.
const LAUNCHER = 'for f in $FL_CGROUP_PROCS; do echo $$ > "$f"; done; exec systemd-nspawn "$@"';

/** Start one raw machine detached, in its own cgroup under faultline-bench/ (outside faultline's gc namespace). */
export async function launchRawMachine(name: string, rootfs: string, workDir: string): Promise<RawMachine> {
  const upperDir = join(workDir, `${name}-upper`);
  await mkdir(upperDir, { recursive: true });
  const cgroup = `faultline-bench/${name}`;
  const procs = await createCgroup(cgroup);
  const log = openSync(join(workDir, `${name}.console.log`), 'a');
  try {
    const child = spawn('/bin/sh', ['-c', LAUNCHER, 'faultline-bench-launch', ...rawNspawnArgs(name, rootfs, upperDir)], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', FL_CGROUP_PROCS: procs.join(' ') },
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start systemd-nspawn for ${name}`);
    return { name, cgroup, upperDir, nspawnPid: child.pid };
  } finally {
    closeSync(log);
  }
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
