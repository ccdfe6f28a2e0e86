import type { Executor } from '../core/executor.js';
import type { Probes } from '../core/probe.js';
import type { Target } from '../core/target.js';
import type { Config } from '../schema/config.js';
import type { EnvState } from '../schema/state.js';
import { createProbes } from './probes.js';
import { targetFor } from '../targets/index.js';

/** The handles the engine needs to act on one environment. */
export interface EnvHandles {
  readonly target: Target;
  readonly exec: Executor;
  readonly probes: Probes;
}

export function envHandles(state: EnvState, config: Config): EnvHandles {
  const target = targetFor(state.target, config);
  const exec = target.executor(state);
  return { target, exec, probes: createProbes(exec) };
}
