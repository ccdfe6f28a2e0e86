import type { Scenario } from '../schema/scenario.js';
import type { EnvState, TargetState } from '../schema/state.js';
import type { RenderedFile } from '../stack/render/rendered-file.js';
import type { Role } from '../stack/topology.js';
import type { VerifyResult } from './evidence.js';
import type { Executor } from './executor.js';
import type { KubeClient } from './kube.js';
import type { Probes } from './probe.js';

export interface MachineStatus {
  readonly role: string;
  readonly name: string;
  readonly address: string;
  /** running | stopped | degraded | starting | unknown */
  readonly state: string;
  /** Memory charged to the machine, when the substrate can tell. */
  readonly memoryBytes?: number | undefined;
}

export type Progress = (line: string) => void;

/** What a target may check before anything is allocated. */
export interface PreflightRequest {
  readonly scenario: Scenario;
  readonly candidate: string;
  /** Target-specific flags of `up` (e.g. kubeconfig, context, region, sshKey); saved as `state.extra.flags`. */
  readonly flags: Readonly<Record<string, string>>;
}

/** What a target decides for a new environment, under the host-wide allocation lock (src/engine/allocate.ts). */
export interface AllocationRequest {
  /** The environment's 6-hex-digit id, unique on this host. */
  readonly id: string;
  /** Its directory, $FAULTLINE_HOME/envs/<name>. */
  readonly envDir: string;
  /** The /24s the environments of this home and of the host registry hold. */
  readonly takenSubnets: ReadonlySet<string>;
}

/** A target's part of a new environment's first state; `subnet` is empty when it has no network on this host. */
export type TargetAllocation = TargetState & { readonly subnet: string };

/** Which host objects `gc` may treat as orphans. */
export interface OrphanScope {
  /** True when `id` (found in an object's name) is claimed by no environment on this host and is in gc's scope. */
  orphan(id: string | undefined): id is string;
  /** True when `path` lies in an environment directory of this home that has no state, and is in gc's scope. */
  stateless(path: string): boolean;
}

/** One thing `gc` would remove, and how. */
export interface Garbage {
  readonly what: string;
  remove(): Promise<void>;
}

/** Files a feature seeds into every machine before first boot, per role (given the base image's root on the host). */
export type MachineFilesSource = (state: EnvState, image: { readonly rootfs: string }) => Promise<ReadonlyMap<Role, readonly RenderedFile[]>>;

/**
 * Candidate access that faultline serves from this host (the local target):
 * the bastion's SSH port published here, the access bundle, a Teleport
 * agentless node, and session recordings read out of the machines. Its
 * files reach the machines through `addMachineFiles` (src/targets/index.ts).
 */
export interface HostAccess {
  /** True while every machine runs, so recordings can be copied out of them. */
  machinesRunning(state: EnvState): boolean;
  /** Each running machine's root as the host sees it (`/proc/<init>/root`), to read recordings without entering it. */
  machineRoots(state: EnvState): { readonly role: Role; readonly root: string; alive(): boolean }[];
  /** Whether Loki centralises the logs (the candidate's briefing says where to look). */
  lokiAvailable(): Promise<boolean>;
}

/** What reaping did (or would do) with one remote object that no state of this home records. */
export interface LostRemoteOutcome {
  readonly name: string;
  readonly target: string;
  readonly expiresAt: string;
  readonly result: 'reaped' | 'would-reap' | 'failed';
  readonly note: string;
}

/** Options of a sweep for lost remote objects. */
export interface LostRemoteOptions {
  readonly dryRun?: boolean;
  readonly progress?: Progress;
  readonly now?: Date;
}

/**
 * One substrate (local nspawn, aws+k3s, kubernetes). The engine drives
 * environments only through this interface.
 */
export interface Target {
  readonly name: EnvState['target'];
  /** Runs on remote infrastructure: destroying it is slow and needs credentials, so only an explicit `reap` does. */
  readonly remote?: true;
  /** Takes target flags of `up` (kubeconfig, context, region, sshKey), checked by `preflight`. */
  readonly takesFlags?: true;
  /**
   * The target's part of a new environment's first state (names of its host
   * objects, its /24, machines, volumes). Creates nothing.
   */
  allocate(request: AllocationRequest): Promise<TargetAllocation>;
  /**
   * Create everything for `state` (already allocated and saved). Calls
   * `save` after each host object is created so a crash leaves a trail for
   * `gc`. Throws on failure; the engine then calls `destroy`.
   */
  provision(state: EnvState, save: (state: EnvState) => Promise<void>, progress: Progress): Promise<EnvState>;
  /** Remove everything `provision` may have created. Idempotent; never throws for things already gone. */
  destroy(state: EnvState, progress: Progress): Promise<void>;
  status(state: EnvState): Promise<MachineStatus[]>;
  executor(state: EnvState): Executor;
  /** Last lines of a unit's journal in a machine (for failure reports). */
  journalTail(state: EnvState, machine: string, unit: string, lines?: number): Promise<string>;
  /** Check tools, credentials and config before anything is allocated; throws FaultlineError. Optional. */
  preflight?(request: PreflightRequest): Promise<void>;
  /** Host tools and packages the target needs (installed when missing), before anything is allocated. Optional. */
  preflightHost?(progress: Progress): Promise<void>;
  /** The state after `destroy`: what only held while the machines ran (process ids) dropped. Optional. */
  forgetRun?(state: EnvState): EnvState;
  /**
   * Host objects carrying the target's names that no environment claims, one
   * kind at a time (the caller removes each before the next kind is listed).
   */
  findOrphans?(scope: OrphanScope): AsyncIterable<Garbage>;
  /** Leftovers no environment holds that are safe to remove whenever gc runs (stale locks); what was removed. */
  removeStaleLeftovers?(): Promise<string[]>;
  /** Candidate access served from this host; absent where the target's own infrastructure serves it. */
  readonly hostAccess?: HostAccess;
  /**
   * Teleport where the target sets it up itself (aws agent mode: the node's agent under this hostname), or why it is
   * not used; undefined when the environment is an agentless node registered after `up` (local, aws agentless).
   */
  teleport?(state: EnvState): { readonly hostname: string } | { readonly note: string } | undefined;
  /**
   * Where Teleport's proxy dials this environment's own sshd when the target runs it as an agentless node that the
   * engine registers after `up` (aws, teleport.aws.mode: agentless: `<Elastic IP>:22`); undefined otherwise.
   */
  agentlessTeleportAddress?(state: EnvState): string | undefined;
  /** How to follow sessions where faultline does not record them (for `watch`). */
  readonly sessionsHint?: string;
  /** What `up` would create, worked out offline (no credentials, CLI or cluster): resource rows and their table. */
  plan?(scenario: Scenario, flags: Readonly<Record<string, string>>): Promise<{ readonly resources: readonly unknown[]; readonly table: string }>;
  /**
   * Expired objects of the target's remote backend that no state of this home
   * records (their state was lost). Targets sharing a backend name it alike;
   * `reap` sweeps each backend once. Never throws: a failure is an outcome.
   */
  readonly lostRemotes?: { readonly backend: string; reap(options: LostRemoteOptions): Promise<LostRemoteOutcome[]> };
  /** kubectl bound to the environment's namespace (cloud targets); faults get it as `ctx.kube`. */
  kube?(state: EnvState): KubeClient;
  /** Replaces the host-shaped baseline criteria (systemd units, edge over TLS) where they do not apply. */
  checkBaseline?(state: EnvState, exec: Executor, probes: Probes): Promise<VerifyResult>;
  /**
   * Run the CPU-heavy part of bringing an environment up (provision through the baseline gate) under the target's
   * admission control; absent where each environment has machines of its own (the cloud).
   */
  admit?<T>(bringUp: () => Promise<T>, progress: Progress): Promise<T>;
}
