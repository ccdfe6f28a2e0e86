import type { z } from 'zod';
import type { EnvironmentInfo } from './environment.js';
import type { Observation, VerifyResult } from './evidence.js';
import type { Executor } from './executor.js';
import type { FaultRecords } from './fault-records.js';
import type { KubeClient } from './kube.js';
import type { Probes } from './probe.js';
import type { Rng } from './rng.js';

/** Everything a fault operation may touch. Faults never import a target. */
export interface FaultContext {
  readonly env: EnvironmentInfo;
  readonly exec: Executor;
  readonly probes: Probes;
  /** Seeded generator for this fault instance (same seed → same choices). */
  readonly rng: Rng;
  /**
   * Host-side bookkeeping for this fault instance. Anything verify compares
   * against (fingerprints, expected values) goes here, never into a machine.
   */
  readonly records: FaultRecords;
  /** Append a line to the environment's timeline. */
  log(message: string, data?: Record<string, unknown>): void;
  /** Wait for `check` to return true, polling; returns the last value. */
  waitFor<T>(
    what: string,
    check: () => Promise<T | undefined | false>,
    options?: { timeoutMs?: number; intervalMs?: number },
  ): Promise<T | undefined>;
  /**
   * kubectl bound to the environment's cluster and namespace. Set by the
   * aws and kubernetes targets; undefined on the local target. Faults with
   * appliesTo 'kubernetes' require it.
   */
  readonly kube?: KubeClient;
}

export type FaultCategory =
  | 'networking'
  | 'filesystem'
  | 'observability'
  | 'tls'
  | 'systemd'
  | 'dns'
  | 'kernel';

export type RevertSupport = { readonly supported: true } | { readonly supported: false; readonly reason: string };

/**
 * A scripted fault. `P` is its params; `resolveParams` fills in what the
 * scenario did not fix, drawing from the seeded generator.
 */
export interface Fault<P = unknown> {
  readonly id: string;
  readonly summary: string;
  readonly category: FaultCategory;
  readonly appliesTo: 'host' | 'kubernetes';
  /** Params as a scenario may give them (all optional); validated on load. */
  readonly params: z.ZodType<Partial<P>>;
  /** Complete params: scenario-given values win, the rest come from `rng`. Pure. */
  resolveParams(given: Partial<P>, rng: Rng): P;
  /** Break it. Idempotent. */
  inject(ctx: FaultContext, params: P): Promise<void>;
  /** Prove the breakage is visible the way the briefing says. */
  symptom(ctx: FaultContext, params: P): Promise<Observation>;
  /** Is the root cause fixed? One criterion per thing that must hold. */
  verify(ctx: FaultContext, params: P): Promise<VerifyResult>;
  /** The reference fix, done the way a candidate would from a shell. */
  solve(ctx: FaultContext, params: P): Promise<void>;
  readonly revertSupport: RevertSupport;
  /** Restore the healthy baseline. Idempotent. */
  revert(ctx: FaultContext, params: P): Promise<void>;
}
