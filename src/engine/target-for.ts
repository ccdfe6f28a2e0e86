import { FaultlineError } from '../errors/index.js';
import type { Target } from '../core/target.js';
import type { Config } from '../schema/config.js';
import type { TargetName } from '../schema/scenario.js';
import { createLocalTarget } from '../targets/local/local-target.js';

/** The Target implementation for a target name. Cloud targets register themselves here. */
export function targetFor(name: TargetName, config: Config): Target {
  const factory = cloudTargets.get(name);
  if (name === 'local') return createLocalTarget(config);
  if (factory) return factory(config);
  throw new FaultlineError('UNSUPPORTED_TARGET', `Target "${name}" is not available in this build.`, {
    hint: 'Use --target local.',
  });
}

const cloudTargets = new Map<TargetName, (config: Config) => Target>();

/** Register a non-local target (aws, kubernetes). */
export function registerTarget(name: TargetName, factory: (config: Config) => Target): void {
  cloudTargets.set(name, factory);
}
