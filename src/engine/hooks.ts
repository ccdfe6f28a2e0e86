import type { Progress } from '../core/target.js';
import type { EnvState } from '../schema/state.js';
import type { EnvHandles } from './env-context.js';

/**
 * Features that add to an environment's life cycle (SSH access, Loki, …)
 * register hooks here instead of the engine importing them one by one.
 * - afterBaseline: the environment is healthy; publish ports, record access.
 * - beforeDestroy: undo what afterBaseline did (must be idempotent).
 */
export type HookName = 'afterBaseline' | 'beforeDestroy';
export type Hook = (state: EnvState, handles: EnvHandles, progress: Progress) => Promise<EnvState | void>;

const hooks: Record<HookName, Hook[]> = { afterBaseline: [], beforeDestroy: [] };

export function registerHook(name: HookName, hook: Hook): void {
  hooks[name].push(hook);
}

export async function runHooks(name: HookName, state: EnvState, handles: EnvHandles, progress: Progress): Promise<EnvState> {
  let current = state;
  for (const hook of hooks[name]) current = (await hook(current, handles, progress)) ?? current;
  return current;
}
