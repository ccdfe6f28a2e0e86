import type { EnvState } from '../schema/state.js';
import type { Executor } from './executor.js';

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
}
