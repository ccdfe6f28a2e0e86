import type { Scenario } from '../schema/scenario.js';
import type { EnvState } from '../schema/state.js';
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

/**
 * One substrate (local nspawn, aws+k3s, kubernetes). The engine drives
 * environments only through this interface.
 */
export interface Target {
  readonly name: EnvState['target'];
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
  /** kubectl bound to the environment's namespace (cloud targets); faults get it as `ctx.kube`. */
  kube?(state: EnvState): KubeClient;
  /** Replaces the host-shaped baseline criteria (systemd units, edge over TLS) where they do not apply. */
  checkBaseline?(state: EnvState, exec: Executor, probes: Probes): Promise<VerifyResult>;
}
