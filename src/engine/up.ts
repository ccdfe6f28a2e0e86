import { FaultlineError } from '../errors/index.js';
import { randomSeed } from '../core/rng.js';
import type { Progress } from '../core/target.js';
import { loadScenario, resolveScenarioPath } from '../schema/load-scenario.js';
import { slug, type TargetName } from '../schema/scenario.js';
import type { EnvState } from '../schema/state.js';
import { ensureHostRequirements } from '../targets/local/host-requirements.js';
import { allocateEnv } from './allocate.js';
import { bringUp, type BringUpOptions } from './bring-up.js';
import { loadConfig } from './load-config.js';
import { planFaults } from './plan-faults.js';
import { loadFeatures } from './features.js';
import { preflightTeleport } from './access/teleport-preflight.js';
import { targetFor } from './target-for.js';

export interface UpOptions extends BringUpOptions {
  readonly scenario: string;
  readonly candidate: string;
  readonly seed?: number | undefined;
  readonly target?: TargetName | undefined;
  readonly ttlMs?: number | undefined;
  /** Target-specific flags (cloud: kubeconfig, context, region, sshKey); checked by the target's preflight, saved as `state.extra.flags`. */
  readonly targetFlags?: Readonly<Record<string, string>> | undefined;
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
  const scenario = await loadScenario(options.scenario);
  const target = options.target ?? 'local';
  if (!scenario.targets.includes(target)) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Scenario ${scenario.id} does not support target ${target}.`, {
      hint: `It supports: ${scenario.targets.join(', ')}.`,
    });
  }
  const seed = options.seed ?? randomSeed();
  const faults = planFaults(scenario, seed, target);
  const config = await loadConfig();
  await loadFeatures();
  if (target === 'local') await ensureHostRequirements(progress);
  if (target === 'local') await preflightTeleport(config);
  const flags = options.targetFlags ?? {};
  // Before allocating: a failed preflight leaves nothing behind, not even an env dir.
  await targetFor(target, config).preflight?.({ scenario, candidate: candidate.data, flags });
  const state = await allocateEnv(
    {
      scenario,
      scenarioPath: resolveScenarioPath(options.scenario),
      candidate: candidate.data,
      seed,
      target,
      faults,
      ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}),
      ...(Object.keys(flags).length > 0 ? { extra: { flags } } : {}),
    },
    config,
  );
  progress(`environment ${state.name} (seed ${seed}${state.subnet ? `, subnet ${state.subnet}.0/24` : `, target ${target}`})`);
  return bringUp(state, config, progress, options);
}
