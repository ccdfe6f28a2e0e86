import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { FaultlineError } from '../../errors/index.js';
import { isAlive } from '../../utils/lock.js';
import { sleep } from '../../utils/sleep.js';
import { waitFor } from '../../utils/wait-for.js';
import { NO_SHIFT, usernsArgs, type IdShift } from './userns.js';

export interface LaunchSpec {
  readonly name: string;
  readonly rootfs: string;
  readonly upperDir: string;
  /** The environment bridge to join; without one the machine gets a private network with only loopback. */
  readonly bridge?: string | undefined;
  /** Host directories bound into the machine (data volumes). */
  readonly binds: readonly { readonly host: string; readonly container: string }[];
  /** cgroup.procs files the launcher moves itself into before exec'ing nspawn. */
  readonly cgroupProcs: readonly string[];
  /** Where the machine's console goes. */
  readonly consoleLog: string;
  /** The user namespace to run in (the rootfs must be shifted to it); none when omitted. */
  readonly ids?: IdShift | undefined;
}

/**
 * nspawn arguments for one machine. `--register=no --keep-unit` because the
 * host may have no systemd as PID 1; the overlay keeps the cached image
 * read-only; no --port (it does not answer on 127.0.0.1 and leaves nft tables
 * behind); journal not linked to the host; no resolv.conf from the host.
 * With a user namespace, a fixed uid range over a pre-shifted image and
 * ownership off: nspawn 252 refuses `--private-users-ownership=map` with
 * `--overlay`, and `chown` would rewrite the shared image.
 */
export function nspawnArgs(spec: LaunchSpec): string[] {
  return [
    '--quiet',
    '--register=no',
    '--keep-unit',
    '--boot',
    `--machine=${spec.name}`,
    `--directory=${spec.rootfs}`,
    `--overlay=${spec.rootfs}:${spec.upperDir}:/`,
    spec.bridge ? `--network-bridge=${spec.bridge}` : '--private-network',
    '--link-journal=no',
    '--resolv-conf=off',
    '--timezone=off',
    '--console=passive',
    ...usernsArgs(spec.ids ?? NO_SHIFT),
    ...spec.binds.map((b) => `--bind=${b.host}:${b.container}`),
  ];
}

// Moves itself into the machine's cgroups, then becomes nspawn (same pid).
const LAUNCHER = 'for f in $FL_CGROUP_PROCS; do echo $$ > "$f"; done; exec systemd-nspawn "$@"';

/** Start the machine detached (own session, stdin /dev/null, console to a log). Returns nspawn's pid. */
export function launchMachine(spec: LaunchSpec): number {
  const log = openSync(spec.consoleLog, 'a');
  try {
    const child = spawn('/bin/sh', ['-c', LAUNCHER, 'faultline-launch', ...nspawnArgs(spec)], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', FL_CGROUP_PROCS: spec.cgroupProcs.join(' ') },
    });
    child.unref();
    if (child.pid === undefined) throw new FaultlineError('PROVISION_FAILED', `Could not start systemd-nspawn for ${spec.name}.`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** The machine's init as seen from the host: the child of the nspawn process. */
export async function waitForLeader(nspawnPid: number, timeoutMs = 30_000): Promise<number | undefined> {
  return waitFor(
    async () => {
      const children = await readFile(`/proc/${nspawnPid}/task/${nspawnPid}/children`, 'utf8');
      const pid = Number.parseInt(children.trim().split(/\s+/)[0] ?? '', 10);
      if (!Number.isFinite(pid)) return undefined;
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
      return comm === 'systemd' ? pid : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
}

/** Wait until systemd inside the machine has finished booting; returns its final state. */
export async function waitForBoot(leaderPid: number, timeoutMs = 120_000): Promise<string> {
  let last = 'unknown';
  await waitFor(
    async () => {
      const result = await execa('nsenter', ['-t', String(leaderPid), '-a', 'systemctl', 'is-system-running'], {
        reject: false,
        timeout: 5000,
      });
      last = String(result.stdout).trim() || last;
      return last === 'running' || last === 'degraded' ? last : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
  return last;
}

/**
 * Stop a machine fast and cleanly: SIGKILL its init (which takes the whole
 * PID namespace down), then wait for nspawn to notice and remove its runtime
 * files. Killing nspawn itself instead would orphan the container.
 */
export async function stopMachine(nspawnPid: number | undefined, leaderPid: number | undefined, timeoutMs = 4000): Promise<void> {
  if (leaderPid !== undefined && (await readComm(leaderPid)) === 'systemd' && (nspawnPid === undefined || (await isChildOf(leaderPid, nspawnPid)))) {
    try {
      process.kill(leaderPid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  if (nspawnPid === undefined || (await readComm(nspawnPid)) !== 'systemd-nspawn') return;
  await stopNspawn(nspawnPid, timeoutMs);
}

async function readComm(pid: number): Promise<string | undefined> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined))?.trim();
}

async function isChildOf(pid: number, parent: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
}

/** Stop the nspawn process: SIGTERM (clean poweroff), then SIGKILL after `graceMs`. */
export async function stopNspawn(nspawnPid: number, graceMs: number): Promise<void> {
  if (!isAlive(nspawnPid)) return;
  try {
    process.kill(nspawnPid, graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(nspawnPid) && Date.now() < deadline) await sleep(25);
  if (isAlive(nspawnPid)) {
    try {
      process.kill(nspawnPid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
