import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listHostEnvs, unregisterHostEnv } from '../core/host-registry.js';
import { ownerRunning } from '../core/env-owner.js';
import { homePaths } from '../core/paths.js';
import { listStates } from '../core/state-store.js';
import type { Progress } from '../core/target.js';
import type { EnvState } from '../schema/state.js';
import { deleteBridge, listLinks } from '../targets/local/bridge.js';
import { destroyCgroup, listMachineCgroups } from '../targets/local/cgroups.js';
import { listEnvRules, removeEnvRules } from '../targets/local/firewall.js';
import { BRIDGE_NAME_RE, MACHINE_NAME_RE, cgroupName } from '../targets/local/naming.js';
import { NSPAWN_RUNTIME_DIRS, removeNspawnLeftovers } from '../targets/local/nspawn-leftovers.js';
import { listMounts, unmountVolume } from '../targets/local/volumes.js';
import { listLoopDevices } from '../targets/local/machine-disk.js';
import { tryRun } from '../utils/run.js';
import { listPublishedPorts, unpublishPort } from '../access/port-publish.js';
import { destroyEnvironment } from './down.js';

const TRANSIENT_PHASES = new Set<EnvState['phase']>(['provisioning', 'baseline', 'injecting', 'destroying']);

/** True when a process was changing this environment and died (kill -9, crash). */
export function isAbandoned(state: EnvState): boolean {
  return TRANSIENT_PHASES.has(state.phase) && !ownerRunning(state);
}

export interface GcReport {
  readonly environments: string[];
  readonly objects: string[];
}

/**
 * Remove what faultline left behind: environments whose `up`/`down` died
 * midway, and host objects that carry faultline's naming but belong to no
 * environment (machines' cgroups and processes, bridges, iptables rules and
 * published SSH ports, volume and root-disk mounts, loop devices, nspawn runtime dirs, env dirs without state).
 */
export async function collectGarbage(progress: Progress): Promise<GcReport> {
  const environments: string[] = [];
  for (const state of await listStates()) {
    if (!isAbandoned(state)) continue;
    progress(`abandoned environment ${state.name} (phase ${state.phase}, owner ${state.ownerPid ?? 'none'} gone)`);
    await destroyEnvironment(state, progress);
    environments.push(state.name);
  }
  // Known = this home's environments plus live ones of any other home on this host.
  const hostEnvs = await listHostEnvs();
  const known = new Set([...(await listStates()).map((s) => s.id), ...hostEnvs.filter((e) => e.live).map((e) => e.id)]);
  for (const stale of hostEnvs.filter((e) => !e.live && !known.has(e.id))) await unregisterHostEnv(stale.id);
  const objects: string[] = [];
  const orphan = (id: string | undefined): id is string => id !== undefined && !known.has(id);

  for (const machine of await listMachineCgroups()) {
    if (!orphan(MACHINE_NAME_RE.exec(machine)?.[1])) continue;
    await destroyCgroup(cgroupName(machine));
    await removeNspawnLeftovers(machine);
    objects.push(`machine ${machine}`);
  }
  for (const dir of NSPAWN_RUNTIME_DIRS) {
    for (const machine of await readdir(dir).catch(() => [] as string[])) {
      if (!orphan(MACHINE_NAME_RE.exec(machine)?.[1])) continue;
      await removeNspawnLeftovers(machine);
      objects.push(`nspawn runtime dir ${join(dir, machine)}`);
    }
  }
  for (const port of await listPublishedPorts().catch(() => [])) {
    if (!orphan(port.envId)) continue;
    await unpublishPort(port.envId);
    objects.push(`published port ${port.bindAddress}:${port.hostPort} faultline:${port.envId}`);
  }
  const ruleIds = new Set((await listEnvRules()).map((r) => r.envId));
  for (const id of ruleIds) {
    if (!orphan(id)) continue;
    await removeEnvRules(id);
    objects.push(`iptables rules faultline:${id}`);
  }
  for (const link of await listLinks()) {
    if (!orphan(BRIDGE_NAME_RE.exec(link)?.[1])) continue;
    await deleteBridge(link);
    objects.push(`bridge ${link}`);
  }
  const envsDir = homePaths.envs();
  for (const mount of await listMounts()) {
    if (!mount.startsWith(`${envsDir}/`)) continue;
    const name = mount.slice(envsDir.length + 1).split('/')[0] ?? '';
    if (existsSync(join(envsDir, name, 'state.json'))) continue;
    await unmountVolume(mount);
    objects.push(`mount ${mount}`);
  }
  for (const loop of await listLoopDevices()) {
    if (!loop.backingFile.startsWith(`${envsDir}/`)) continue;
    const name = loop.backingFile.slice(envsDir.length + 1).split('/')[0] ?? '';
    if (existsSync(join(envsDir, name, 'state.json'))) continue;
    await tryRun('losetup', ['-d', loop.device]);
    objects.push(`loop device ${loop.device} (${loop.backingFile})`);
  }
  for (const name of await readdir(envsDir).catch(() => [] as string[])) {
    if (existsSync(join(envsDir, name, 'state.json'))) continue;
    await rm(join(envsDir, name), { recursive: true, force: true });
    objects.push(`directory ${join(envsDir, name)}`);
  }
  await removeStaleNspawnLocks(objects);
  return { environments, objects };
}

/** nspawn's image lock files survive a SIGKILLed nspawn; remove them when no nspawn runs at all. */
async function removeStaleNspawnLocks(objects: string[]): Promise<void> {
  const lockDir = '/run/systemd/nspawn/locks';
  const locks = await readdir(lockDir).catch(() => [] as string[]);
  if (locks.length === 0 || (await anyNspawnRunning())) return;
  for (const lock of locks) {
    await rm(join(lockDir, lock), { force: true });
    objects.push(`nspawn lock ${lock}`);
  }
}

async function anyNspawnRunning(): Promise<boolean> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'systemd-nspawn') return true;
  }
  return false;
}
