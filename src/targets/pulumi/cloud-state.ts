import { z } from 'zod';
import { FaultlineError } from '../../errors/index.js';
import type { CloudEnvState, EnvState } from '../../schema/state.js';
import { cloudFlagsSchema, type CloudFlags } from './cloud-options.js';

/** What a cloud environment keeps in `state.extra.cloud`. */
export const cloudStateSchema = z.object({
  /** Pulumi stack name (= the infra program's env id); set before `pulumi up` runs, as the trail `down` follows. */
  stack: z.string().optional(),
  /** Kubeconfig the environment's kubectl uses (aws: written from the stack's secret output). */
  kubeconfig: z.string().optional(),
  /** Plain stack outputs of the last successful `up` (publicIp, instanceId, namespace…). */
  outputs: z.record(z.string(), z.unknown()).default({}),
});
export type CloudState = z.infer<typeof cloudStateSchema>;

/** The stack name for an environment: `env-<id>` (a slug, unlike the bare hex id). */
export function stackNameFor(state: Pick<EnvState, 'id'>): string {
  return `env-${state.id}`;
}

/** Read `state.extra.cloud` (empty when the environment never got that far). */
export function readCloudState(state: EnvState): CloudState {
  const parsed = cloudStateSchema.safeParse(state.extra['cloud'] ?? {});
  if (!parsed.success) {
    throw new FaultlineError('INVALID_CONFIG', `The state of ${state.name} has an unreadable extra.cloud section.`, {
      details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      hint: 'The state file was edited by hand or written by another faultline version.',
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The flags `up` was given (`state.extra.flags`, saved by the engine), validated. */
export function readCloudFlags(state: EnvState): CloudFlags {
  const parsed = cloudFlagsSchema.safeParse(state.extra['flags'] ?? {});
  if (!parsed.success) {
    throw new FaultlineError('INVALID_CONFIG', `The state of ${state.name} has unreadable target flags (extra.flags).`, {
      details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** `state` as a cloud target's shape; refuses a state of another target (a bug in the caller). */
export function cloudEnvState(state: EnvState): CloudEnvState {
  if (state.target !== 'local') return state;
  throw new FaultlineError('UNSUPPORTED_TARGET', `${state.name} runs on the local target, not on a cloud target.`);
}

/** A copy of `state` with `extra.cloud` changed. */
export function withCloudState<S extends EnvState>(state: S, change: Partial<CloudState>): S {
  return { ...state, extra: { ...state.extra, cloud: { ...readCloudState(state), ...change } } };
}
