import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listHostEnvs, unregisterHostEnv } from '../core/host-registry.js';
import { ownerRunning } from '../core/env-owner.js';
import { homePaths } from '../core/paths.js';
import { listStates } from '../core/state-store.js';
import type { Garbage, Progress, Target } from '../core/target.js';
import type { EnvState } from '../schema/state.js';
import { listPublishedPorts, unpublishPort } from '../access/port-publish.js';
import { allTargets } from '../targets/index.js';
import { destroyEnvironment } from './down.js';
import { loadConfig } from './load-config.js';

const TRANSIENT_PHASES = new Set<EnvState['phase']>(['provisioning', 'baseline', 'injecting', 'destroying', 'pooled']);

/** True when a process was changing this environment and died (kill -9, crash). */
export function isAbandoned(state: EnvState): boolean {
  return TRANSIENT_PHASES.has(state.phase) && !ownerRunning(state);
}

export interface GcReport {
  readonly environments: string[];
  readonly objects: string[];
}

export interface GcOptions {
  /** List what would be removed; remove nothing. */
  readonly dryRun?: boolean;
  /** Only this environment: its name or its 6-hex id (orphans are matched by the id in their names). */
  readonly env?: string;
}

/**
 * Remove what faultline left behind: environments whose `up`/`down` died
 * midway, and host objects that carry faultline's naming but belong to no
 * environment (machines' cgroups and processes, bridges, iptables rules and
 * published SSH ports, volume and root-disk mounts, loop devices, nspawn
 * runtime dirs, env dirs without state). With `dryRun`, only list them; with
 * `env`, only that environment's.
 */
export async function collectGarbage(progress: Progress, options: GcOptions = {}): Promise<GcReport> {
  const inScope = scopeMatcher(options.env);
  const environments: string[] = [];
  for (const state of await listStates()) {
    if (!isAbandoned(state) || !inScope.env(state.name, state.id)) continue;
    progress(`abandoned environment ${state.name} (phase ${state.phase}, owner ${state.ownerPid ?? 'none'} gone)`);
    if (!options.dryRun) await destroyEnvironment(state, progress);
    environments.push(state.name);
  }
  const objects: string[] = [];
  const targets = allTargets(await loadConfig());
  for await (const item of findOrphans(inScope, options.dryRun === true, targets)) {
    if (!options.dryRun) await item.remove();
    objects.push(item.what);
  }
  if (!options.dryRun) for (const target of targets) objects.push(...((await target.removeStaleLeftovers?.()) ?? []));
  return { environments, objects };
}

interface Scope {
  env(name: string, id: string): boolean;
  id(id: string): boolean;
  /** An env directory name (`<scenario>-<candidate>-<id>`). */
  dir(name: string): boolean;
}

function scopeMatcher(ref: string | undefined): Scope {
  if (ref === undefined) return { env: () => true, id: () => true, dir: () => true };
  const id = /(?:^|-)([0-9a-f]{6})$/.exec(ref)?.[1];
  return {
    env: (name, envId) => name === ref || envId === ref,
    id: (candidate) => candidate === id,
    dir: (name) => name === ref || (id !== undefined && name.endsWith(`-${id}`)),
  };
}

/**
 * Objects with faultline's names that no environment on this host claims:
 * published SSH ports, each target's host objects (its `findOrphans`, one
 * kind at a time), then env directories without a state.
 */
async function* findOrphans(inScope: Scope, dryRun: boolean, targets: readonly Target[]): AsyncGenerator<Garbage> {
  // Known = this home's environments plus live ones of any other home on this host.
  const hostEnvs = await listHostEnvs();
  const known = new Set([...(await listStates()).map((s) => s.id), ...hostEnvs.filter((e) => e.live).map((e) => e.id)]);
  if (!dryRun) for (const stale of hostEnvs.filter((e) => !e.live && !known.has(e.id) && inScope.id(e.id))) await unregisterHostEnv(stale.id);
  const orphan = (id: string | undefined): id is string => id !== undefined && !known.has(id) && inScope.id(id);
  const envsDir = homePaths.envs();
  const stateless = (path: string): boolean => {
    const name = path.slice(envsDir.length + 1).split('/')[0] ?? '';
    return path.startsWith(`${envsDir}/`) && !existsSync(join(envsDir, name, 'state.json')) && inScope.dir(name);
  };

  for (const port of await listPublishedPorts().catch(() => [])) {
    if (!orphan(port.envId)) continue;
    yield {
      what: `published port ${port.bindAddress}:${port.hostPort} faultline:${port.envId}`,
      remove: async () => {
        await unpublishPort(port.envId);
      },
    };
  }
  for (const target of targets) if (target.findOrphans) yield* target.findOrphans({ orphan, stateless });
  for (const name of await readdir(envsDir).catch(() => [] as string[])) {
    if (!stateless(join(envsDir, name))) continue;
    yield { what: `directory ${join(envsDir, name)}`, remove: () => rm(join(envsDir, name), { recursive: true, force: true }) };
  }
}
