import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../../errors/index.js';
import { homePaths } from '../../core/paths.js';
import type { HostAccess, MachineStatus, Progress, Target } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import type { LocalEnvState, LocalMachineState } from '../../schema/state.js';
import { isAlive, withSlot } from '../../utils/lock.js';
import { hostBootSlots } from '../../core/host-registry.js';
import { createBridge, deleteBridge } from './bridge.js';
import { cgroupPids, createCgroup, destroyCgroup, memoryCurrent, type MachineLimits } from './cgroups.js';
import { isolateBridge, removeEnvRules } from './firewall.js';
import { ensureBaseImage } from './image/build-image.js';
import { ensureShiftedImage } from './image/shift-image.js';
import { ensureHostRequirements, ensureUserNamespaces } from './host-requirements.js';
import { createMachineDisk, removeMachineDisk } from './machine-disk.js';
import { hostId, idShiftFor, type IdShift } from './userns.js';
import { ensureHostLimits } from './host-limits.js';
import { cgroupName } from './naming.js';
import { createNsenterExecutor } from './nsenter-executor.js';
import { launchMachine, stopMachine, waitForBoot, waitForLeader } from './nspawn.js';
import { envPkiDir, renderMachineFiles } from './machine-files.js';
import { seedUpperDir } from './seed-machine.js';
import type { RenderedFile } from '../../stack/render/rendered-file.js';
import { mountVolume, unmountVolume } from './volumes.js';
import { removeNspawnLeftovers, removeStaleImageLocks } from './nspawn-leftovers.js';
import { allocateLocal } from './allocate-local.js';
import { findLocalOrphans } from './find-orphans.js';
import { localState } from './local-state.js';
import { locateLoki } from './locate-loki.js';

/**
 * Initial owner of the host-made data volume. The `orders` user inside app
 * gets a uid from sysusers at first boot; tmpfiles (`d /var/lib/orders …
 * orders orders`) then hands the volume to it, so this only has to be a
 * non-root system uid.
 */
export const ORDERS_UID = 990;

/** How long an `up` waits for its turn to boot before giving up (20 environments at once need a few minutes). */
const ADMISSION_TIMEOUT_MS = 20 * 60_000;

/** The cgroup limits every machine gets, from config. */
export function machineLimits(config: Config): MachineLimits {
  return { memoryMax: config.local.machineMemoryMax, pidsMax: config.local.machinePidsMax, cpuWeight: config.local.machineCpuWeight };
}

/**
 * The local target: one booted Debian container per role (systemd-nspawn on
 * an overlay of the cached base image), on a private bridge with no route out.
 */
export function createLocalTarget(config: Config): Target {
  return {
    name: 'local',
    allocate: (request) => allocateLocal(request, config),
    preflightHost: ensureHostRequirements,
    // Booting and the services' start-up behind the baseline gate are the CPU-heavy part: at most one environment per
    // core comes up at a time on this host. With all of them starting at once, boots and gates time out (20 at once on 2 cores).
    admit: (bringUp, progress) =>
      withSlot(hostBootSlots(), Math.max(1, availableParallelism()), bringUp, {
        onWait: () => progress('waiting for other environments to finish coming up'),
        timeoutMs: ADMISSION_TIMEOUT_MS,
      }),
    async preflight() {
      if (config.local.userNamespace) await ensureUserNamespaces();
    },

    async provision(initial, save, progress) {
      let state = localState(initial);
      const ids = idShiftFor(config.local.userNamespace);
      const base = await ensureBaseImage({ mirror: config.local.mirror }, progress);
      const image = await ensureShiftedImage(base, ids, progress);
      await ensureHostLimits(progress);

      await createBridge(state.bridge, state.subnet);
      await isolateBridge(state.id, state.bridge);
      progress(`network: bridge ${state.bridge} ${state.subnet}.0/24 (no route out)`);

      for (const volume of state.volumes) await mountVolume(volume.hostPath, volume.sizeMiB, hostId(ids, ORDERS_UID));
      for (const machine of state.machines) await createMachineDisk(machine.upperDir, config.local.machineDiskMax, hostId(ids, 0));

      const files = await renderMachineFiles(state, config, base);
      await Promise.all(
        state.machines.map((m) =>
          seedUpperDir(m.upperDir, m.role, [...volumeMountPoints(state, m.role), ...(files.get(m.role) ?? [])], { ids, lowerRoot: image.rootfs }),
        ),
      );

      state = await bootMachines(state, image.rootfs, ids, config, save);
      progress(`machines booted (image ${image.key})`);
      return state;
    },

    async destroy(env, progress: Progress) {
      const state = localState(env);
      await Promise.all(
        state.machines.map(async (machine) => {
          await stopMachine(machine.nspawnPid, machine.leaderPid);
          await destroyCgroup(cgroupName(machine.name));
          await removeNspawnLeftovers(machine.name);
          await removeMachineDisk(machine.upperDir);
        }),
      );
      for (const volume of state.volumes) await unmountVolume(volume.hostPath);
      await removeEnvRules(state.id);
      await deleteBridge(state.bridge);
      await rm(join(homePaths.env(state.name), 'machines'), { recursive: true, force: true });
      await removeStaleImageLocks();
      progress(`removed machines, volumes, firewall rules and bridge of ${state.name}`);
    },

    async status(env) {
      const state = localState(env);
      return Promise.all(
        state.machines.map(async (machine): Promise<MachineStatus> => {
          const pids = await cgroupPids(cgroupName(machine.name));
          const running = machine.leaderPid !== undefined && isAlive(machine.leaderPid) && pids.length > 0;
          let detail = running ? 'running' : 'stopped';
          if (running) {
            const result = await this.executor(state).exec(machine.role, ['systemctl', 'is-system-running'], { timeoutMs: 5000 });
            detail = result.stdout.trim() || detail;
          }
          return {
            role: machine.role,
            name: machine.name,
            address: machine.address,
            state: detail,
            memoryBytes: await memoryCurrent(cgroupName(machine.name)),
          };
        }),
      );
    },

    executor(env) {
      const state = localState(env);
      const leaders = new Map(state.machines.filter((m) => m.leaderPid !== undefined).map((m) => [m.role as string, m.leaderPid as number]));
      return createNsenterExecutor(async () => leaders, {
        caCertPath: join(envPkiDir(state.name), 'ca.crt'),
        addresses: Object.fromEntries(state.machines.map((m) => [m.role, m.address])),
      });
    },

    async journalTail(state, machine, unit, lines = 20) {
      const result = await this.executor(state).exec(machine, ['journalctl', '-u', unit, '-n', String(lines), '--no-pager', '-o', 'short-iso']);
      return (result.stdout || result.stderr).trimEnd();
    },

    forgetRun(env) {
      const state = localState(env);
      return { ...state, machines: state.machines.map(stripPids) };
    },

    findOrphans: findLocalOrphans,

    async removeStaleLeftovers() {
      return (await removeStaleImageLocks()).map((lock) => `nspawn lock ${lock}`);
    },

    hostAccess: localHostAccess(config),
  };
}

/** Candidate access on this host: machines are read through their init's /proc root. */
function localHostAccess(config: Config): HostAccess {
  const running = (machine: LocalMachineState): boolean => machine.leaderPid !== undefined && isAlive(machine.leaderPid);
  return {
    machinesRunning(env) {
      const state = localState(env);
      return state.machines.length > 0 && state.machines.every(running);
    },
    machineRoots(env) {
      return localState(env)
        .machines.filter(running)
        .map((machine) => ({ role: machine.role, root: `/proc/${machine.leaderPid}/root`, alive: () => running(machine) }));
    },
    lokiAvailable: async () => (await locateLoki(config.local.loki)) !== undefined,
  };
}

/** A machine's record without the pids of a run that is over (they may be reused by unrelated processes). */
export function stripPids(machine: LocalMachineState): LocalMachineState {
  const { nspawnPid: _n, leaderPid: _l, ...rest } = machine;
  return rest;
}


/**
 * The mount points of a machine's data volumes, made in its upper dir before
 * boot: nspawn would otherwise create them itself, owned by host root
 * (unmapped inside the user namespace).
 */
function volumeMountPoints(state: LocalEnvState, role: string): RenderedFile[] {
  return state.volumes.filter((v) => v.role === role).map((v) => ({ path: v.mountPoint, directory: true, mode: 0o755 }));
}

/** Launch every machine from its own cgroup, then wait for each init and for systemd to finish booting. */
async function bootMachines(initial: LocalEnvState, rootfs: string, ids: IdShift, config: Config, save: (state: LocalEnvState) => Promise<void>): Promise<LocalEnvState> {
  let state = initial;
  const launched: LocalMachineState[] = [];
  for (const machine of state.machines) {
    const cgroupProcs = await createCgroup(cgroupName(machine.name), machineLimits(config), ids.shift === 0 ? undefined : hostId(ids, 0));
    const nspawnPid = launchMachine({
      name: machine.name,
      rootfs,
      upperDir: machine.upperDir,
      bridge: state.bridge,
      binds: state.volumes.filter((v) => v.role === machine.role).map((v) => ({ host: v.hostPath, container: v.mountPoint })),
      cgroupProcs,
      ids,
      consoleLog: join(homePaths.env(state.name), `${machine.role}.console.log`),
    });
    launched.push({ ...machine, nspawnPid });
  }
  state = { ...state, machines: launched };
  await save(state);

  const withLeaders = await Promise.all(
    state.machines.map(async (machine) => {
      const leaderPid = await waitForLeader(machine.nspawnPid ?? -1);
      if (leaderPid === undefined) {
        throw new FaultlineError('PROVISION_FAILED', `Machine ${machine.name} did not start.`, {
          details: [`console log: ${join(homePaths.env(state.name), `${machine.role}.console.log`)}`],
        });
      }
      return { ...machine, leaderPid };
    }),
  );
  state = { ...state, machines: withLeaders };
  await save(state);

  const boots = await Promise.all(state.machines.map(async (m) => [m.role, await waitForBoot(m.leaderPid ?? -1)] as const));
  const notBooted = boots.filter(([, result]) => result !== 'running' && result !== 'degraded');
  if (notBooted.length > 0) {
    throw new FaultlineError('PROVISION_FAILED', `Machines did not finish booting: ${notBooted.map(([r, s]) => `${r} (${s})`).join(', ')}.`);
  }
  return state;
}
