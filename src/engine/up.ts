import { FaultlineError } from '../errors/index.js';
import { randomSeed } from '../core/rng.js';
import type { Progress } from '../core/target.js';
import { loadScenario, resolveScenarioPath } from '../schema/load-scenario.js';
import { slug, type TargetName } from '../schema/scenario.js';
import type { EnvState } from '../schema/state.js';
import { allocateEnv } from './allocate.js';
import { bringUp, type BringUpOptions } from './bring-up.js';
import { loadConfig } from './load-config.js';
import { planFaults } from './plan-faults.js';
import { scenarioCatalogue } from './catalogue.js';
import { drawScenario, type Draw } from './draw.js';
import { loadFeatures } from './features.js';
import { preflightTeleport } from './access/teleport-preflight.js';
import { DEFAULT_TARGET, targetFor } from '../targets/index.js';
import { upFromPool } from './pool/take-from-pool.js';
import { parseDuration } from '../utils/duration.js';

export interface UpOptions extends BringUpOptions {
  readonly scenario: string;
  readonly candidate: string;
  readonly seed?: number | undefined;
  readonly target?: TargetName | undefined;
  readonly ttlMs?: number | undefined;
  /** Target-specific flags (cloud: kubeconfig, context, region, sshKey); checked by the target's preflight, saved as `state.extra.flags`. */
  readonly targetFlags?: Readonly<Record<string, string>> | undefined;
  /**
   * Instead of `scenario`: a draw filter (`level=4-6 area=tls`); the scenario is
   * a seeded choice among the matching ones (see src/engine/draw.ts), saved as
   * `state.extra.draw` for the interviewer and kept out of the environment's name.
   */
  readonly draw?: string | undefined;
  /** Never take from the pool (src/engine/pool/): always a cold start. */
  readonly cold?: boolean | undefined;
}

/**
 * `faultline up`: validate everything first (scenario, candidate, faults and
 * params, target) so bad input creates nothing, then allocate and bring up.
 */
export async function upEnvironment(options: UpOptions, progress: Progress): Promise<EnvState> {
  const candidate = slug.safeParse(options.candidate);
  if (!candidate.success) {
    throw new FaultlineError('USAGE', `--candidate ${JSON.stringify(options.candidate)} is not a valid name.`, {
      hint: 'Use lower-case letters, digits and hyphens, starting with a letter (e.g. ada or grace-h).',
    });
  }
  const target = options.target ?? DEFAULT_TARGET;
  const seed = options.seed ?? randomSeed();
  const drawn = options.draw === undefined ? undefined : await drawFor(options.draw, target, seed);
  const scenarioRef = drawn?.scenario ?? options.scenario;
  const scenario = await loadScenario(scenarioRef);
  if (!scenario.targets.includes(target)) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Scenario ${scenario.id} does not support target ${target}.`, {
      hint: `It supports: ${scenario.targets.join(', ')}.`,
    });
  }
  const faults = planFaults(scenario, seed, target);
  const config = await loadConfig();
  await loadFeatures();
  const substrate = targetFor(target, config);
  await substrate.preflightHost?.(progress);
  // Teleport registers the nodes of targets whose access this host serves (agentless OpenSSH nodes).
  if (substrate.hostAccess) await preflightTeleport(config);
  const flags = options.targetFlags ?? {};
  // Before allocating: a failed preflight leaves nothing behind, not even an env dir.
  await substrate.preflight?.({ scenario, candidate: candidate.data, flags });
  // Pools hold environments booted on this host (`faultline pool`); a remote target always starts cold.
  if (!substrate.remote && !options.cold) {
    const extra = { ...(Object.keys(flags).length > 0 ? { flags } : {}), ...(drawn ? { draw: drawn } : {}) };
    const ttlMs = options.ttlMs ?? parseDuration(scenario.ttl);
    const request = { candidate: candidate.data, scenario: scenario.id, scenarioPath: resolveScenarioPath(scenarioRef), seed, faults, ttlMs, extra };
    const pooled = await upFromPool({ scenario: scenario.id, target, seed: options.seed }, request, config, progress, options.symptomTimeoutMs);
    if (pooled) return pooled;
  }
  const state = await allocateEnv(
    {
      scenario,
      scenarioPath: resolveScenarioPath(scenarioRef),
      candidate: candidate.data,
      seed,
      target,
      faults,
      ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}),
      extra: { ...(Object.keys(flags).length > 0 ? { flags } : {}), ...(drawn ? { draw: drawn } : {}) },
      ...(drawn ? { nameLabel: 'draw' } : {}),
    },
    config,
  );
  if (drawn) progress(`drew ${drawn.scenario} from ${drawn.candidates.length} scenario(s) matching "${drawn.filter}" (seed ${seed})`);
  progress(`environment ${state.name} (seed ${seed}${state.subnet ? `, subnet ${state.subnet}.0/24` : `, target ${target}`})`);
  return bringUp(state, config, progress, options);
}

/** The drawn scenario for a filter, among the shipped scenarios that run on `target`. */
async function drawFor(filter: string, target: TargetName, seed: number): Promise<Draw> {
  const rows = await scenarioCatalogue();
  return drawScenario(rows.filter((row) => row.targets.includes(target)), filter, seed);
}
