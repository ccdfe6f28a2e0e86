import { ownedByThisProcess } from '../core/env-owner.js';
import { homePaths } from '../core/paths.js';
import { hostAllocLock, listHostEnvs, registerHostEnv } from '../core/host-registry.js';
import { listStates, writeState } from '../core/state-store.js';
import type { Config } from '../schema/config.js';
import type { Scenario, TargetName } from '../schema/scenario.js';
import type { EnvState, FaultState } from '../schema/state.js';
import { envName, newEnvId } from '../core/env-name.js';
import { targetFor } from '../targets/index.js';
import { parseDuration } from '../utils/duration.js';
import { withLock } from '../utils/lock.js';

export interface AllocateRequest {
  readonly scenario: Scenario;
  readonly scenarioPath: string;
  readonly candidate: string;
  readonly seed: number;
  readonly target: TargetName;
  readonly faults: readonly FaultState[];
  readonly ttlMs?: number;
  /** Saved as `state.extra` (e.g. the target flags of `up` under `flags`). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** First part of the environment's name instead of the scenario id (a drawn scenario must not show in machines). */
  readonly nameLabel?: string;
  /** The whole name instead of `<label>-<candidate>-<id>` (a pool's neutral `pool-<id>`). */
  readonly nameFor?: (id: string) => string;
  /** Saved as `state.pool` (an environment made by a pool). */
  readonly pool?: EnvState['pool'];
}

/**
 * Reserve a name and id for a new environment, let its target add its own
 * part (host-object names, a /24, machines), and save the first state (phase
 * provisioning), all under one host-wide lock so concurrent `up`s never
 * collide. Nothing on the host is created yet.
 */
export async function allocateEnv(request: AllocateRequest, config: Config): Promise<EnvState> {
  return withLock(hostAllocLock(), async () => {
    const states = await listStates();
    const hostEnvs = await listHostEnvs();
    const takenIds = new Set([...states.map((s) => s.id), ...hostEnvs.map((e) => e.id)]);
    let id = newEnvId();
    while (takenIds.has(id)) id = newEnvId();
    const name = request.nameFor?.(id) ?? envName(request.nameLabel ?? request.scenario.id, request.candidate, id);
    const dir = homePaths.env(name);
    const takenSubnets = new Set([...states.map((s) => s.subnet), ...hostEnvs.map((e) => e.subnet)].filter((subnet) => subnet !== ''));
    const part = await targetFor(request.target, config).allocate({ id, envDir: dir, takenSubnets });
    const now = new Date();
    const state: EnvState = {
      version: 1,
      id,
      name,
      scenario: request.scenario.id,
      scenarioPath: request.scenarioPath,
      candidate: request.candidate,
      seed: request.seed,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (request.ttlMs ?? parseDuration(request.scenario.ttl))).toISOString(),
      phase: 'provisioning',
      ...ownedByThisProcess(),
      ...part,
      faults: [...request.faults],
      extra: { ...request.extra },
      ...(request.pool ? { pool: request.pool } : {}),
    };
    await writeState(state);
    await registerHostEnv({ id, envDir: dir, subnet: state.subnet });
    return state;
  });
}
