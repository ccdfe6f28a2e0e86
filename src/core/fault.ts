import type { z } from 'zod';
import type { EnvironmentInfo } from './environment.js';
import type { Observation, VerifyResult } from './evidence.js';
import type { Executor } from './executor.js';
import type { FaultRecords } from './fault-records.js';
import type { KubeClient } from './kube.js';
import type { Probes } from './probe.js';
import type { Rng } from './rng.js';
import type { Role } from '../stack/topology.js';

/**
 * The environment's certificate authority, on the orchestrator's side (never
 * inside a machine). A TLS fault issues certificates from it with the
 * helpers in src/stack/pki.ts (`loadCertificateAuthority(pki.dir)`).
 */
export interface FaultPki {
  /** Directory with the CA key, certificate and `openssl ca` state. */
  readonly dir: string;
  readonly caCertPath: string;
  readonly caKeyPath: string;
}

/** Everything a fault operation may touch. Faults never import a target. */
export interface FaultContext {
  readonly env: EnvironmentInfo;
  readonly exec: Executor;
  /** Probes run by the orchestrator (HTTP from a machine, PromQL, alerts): judge with these. */
  readonly probes: Probes;
  /** Seeded generator for this fault instance (same seed → same choices). */
  readonly rng: Rng;
  /**
   * Host-side bookkeeping for this fault instance. Anything verify compares
   * against (fingerprints, expected values) goes here, never into a machine.
   */
  readonly records: FaultRecords;
  /** The address of the machine playing `role`; throws FAULT_FAILED when there is none. */
  address(role: Role): string;
  /**
   * The environment's CA on the host side. Set on the local target (which
   * creates it); undefined where the target has no PKI of its own.
   */
  readonly pki?: FaultPki;
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
   * aws and kubernetes targets; undefined on the local target. Kubernetes
   * implementations require it (faults/shared/require-kube.ts).
   */
  readonly kube?: KubeClient;
}

/** Where an implementation runs: machines with systemd (local) or a Kubernetes namespace (aws, kubernetes). */
export const FAULT_KINDS = ['host', 'kubernetes'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which implementation each target runs. */
export const FAULT_KIND_OF_TARGET = { local: 'host', aws: 'kubernetes', kubernetes: 'kubernetes' } as const satisfies Record<
  EnvironmentInfo['target'],
  FaultKind
>;

/** The seed's areas (kernel/systemd/cgroups, filesystem/volumes, networking, SELinux → security, TLS) plus the rest. */
export const FAULT_AREAS = [
  'kernel',
  'systemd',
  'cgroups',
  'filesystem',
  'networking',
  'dns',
  'tls',
  'security',
  'datastore',
  'application',
  'observability',
] as const;
export type FaultArea = (typeof FAULT_AREAS)[number];

/**
 * A symptom-masking change a hurried candidate would make. `check` must
 * reject the environment after it; CI applies every one for real.
 */
export interface WrongFix<P> {
  /** Slug, unique within the implementation, e.g. `restart-nginx`. */
  readonly id: string;
  /** One sentence: what the candidate does and why it only hides the symptom. */
  readonly description: string;
  apply(ctx: FaultContext, params: P): Promise<void>;
}

/**
 * How one fault is done on one kind of target. `P` is its params;
 * `resolveParams` fills in what the scenario did not fix, drawing from the
 * seeded generator.
 */
export interface FaultImplementation<P = unknown> {
  /** Params as a scenario may give them (all optional); validated on load. */
  readonly params: z.ZodType<Partial<P>>;
  /** Complete params: scenario-given values win, the rest come from `rng`. Pure. */
  resolveParams(given: Partial<P>, rng: Rng): P;
  /** Break it. Idempotent. */
  inject(ctx: FaultContext, params: P): Promise<void>;
  /** Prove the breakage is visible the way the briefing says (polled by the symptom gate). */
  symptom(ctx: FaultContext, params: P): Promise<Observation>;
  /** Is the root cause fixed? One criterion per thing that must hold, judged from state the candidate cannot forge. */
  verify(ctx: FaultContext, params: P): Promise<VerifyResult>;
  /** The reference fix, done the way a candidate would from a shell. */
  solve(ctx: FaultContext, params: P): Promise<void>;
  /** Restore the healthy baseline. Idempotent; crash-safe (works after a half-done inject or a candidate's edits). */
  revert(ctx: FaultContext, params: P): Promise<void>;
  /** At least one; each must leave `verify` failing. */
  readonly wrongFixes: readonly [WrongFix<P>, ...WrongFix<P>[]];
}

/**
 * A fault: one definition (what every tool reads: catalogue, draw, README
 * table, bench, CI) with one implementation per kind of target.
 */
export interface FaultDefinition {
  /** Slug; equals the folder name faults/<id>/. */
  readonly id: string;
  /** One line for the interviewer's catalogue: what breaks and how it shows. */
  readonly summary: string;
  readonly area: FaultArea;
  /** 1–6 on the seed's ladder: the level at which a candidate is expected to find and fix it. */
  readonly level: number;
  /** Typical seconds from inject until the symptom is observable (what the symptom gate waits for). */
  readonly symptomSeconds: number;
  // `any`: each implementation checks its own params with its zod schema; the engine passes them through.
  readonly implementations: { readonly [K in FaultKind]?: FaultImplementation<any> };
}
