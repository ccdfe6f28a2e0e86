import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Garbage, OrphanScope } from '../../core/target.js';
import { tryRun } from '../../utils/run.js';
import { deleteBridge, listLinks } from './bridge.js';
import { destroyCgroup, listMachineCgroups } from './cgroups.js';
import { listEnvRules, removeEnvRules } from './firewall.js';
import { listLoopDevices } from './machine-disk.js';
import { BRIDGE_NAME_RE, MACHINE_NAME_RE, cgroupName } from './naming.js';
import { NSPAWN_RUNTIME_DIRS, removeNspawnLeftovers } from './nspawn-leftovers.js';
import { listMounts, unmountVolume } from './volumes.js';

/**
 * The local target's host objects that no environment claims, one kind at a
 * time: each kind is listed only after the caller dealt with the previous one
 * (removing a machine also removes its runtime dir; unmounting a root disk
 * frees its loop device). Machines' cgroups and processes, nspawn runtime
 * dirs, iptables rules, bridges, then mounts and loop devices of env dirs
 * that lost their state.
 */
export async function* findLocalOrphans(scope: OrphanScope): AsyncGenerator<Garbage> {
  for (const machine of await listMachineCgroups()) {
    if (!scope.orphan(MACHINE_NAME_RE.exec(machine)?.[1])) continue;
    yield {
      what: `machine ${machine}`,
      remove: async () => {
        await destroyCgroup(cgroupName(machine));
        await removeNspawnLeftovers(machine);
      },
    };
  }
  for (const dir of NSPAWN_RUNTIME_DIRS) {
    for (const machine of await readdir(dir).catch(() => [] as string[])) {
      if (!scope.orphan(MACHINE_NAME_RE.exec(machine)?.[1])) continue;
      yield { what: `nspawn runtime dir ${join(dir, machine)}`, remove: () => removeNspawnLeftovers(machine) };
    }
  }
  for (const id of new Set((await listEnvRules()).map((r) => r.envId))) {
    if (!scope.orphan(id)) continue;
    yield { what: `iptables rules faultline:${id}`, remove: () => removeEnvRules(id) };
  }
  for (const link of await listLinks()) {
    if (!scope.orphan(BRIDGE_NAME_RE.exec(link)?.[1])) continue;
    yield { what: `bridge ${link}`, remove: () => deleteBridge(link) };
  }
  for (const mount of await listMounts()) {
    if (scope.stateless(mount)) yield { what: `mount ${mount}`, remove: () => unmountVolume(mount) };
  }
  for (const loop of await listLoopDevices()) {
    if (scope.stateless(loop.backingFile)) {
      yield {
        what: `loop device ${loop.device} (${loop.backingFile})`,
        remove: async () => {
          await tryRun('losetup', ['-d', loop.device]);
        },
      };
    }
  }
}
