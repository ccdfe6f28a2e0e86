import type { TargetName } from '../schema/scenario.js';
import type { Role } from '../stack/topology.js';

export interface MachineInfo {
  readonly role: Role;
  /** Host-side name (machine name on the local target, pod/node name elsewhere). */
  readonly name: string;
  readonly address: string;
}

/** What faults and probes may know about an environment. */
export interface EnvironmentInfo {
  readonly id: string;
  readonly name: string;
  readonly scenario: string;
  readonly candidate: string;
  readonly seed: number;
  readonly target: TargetName;
  readonly machines: readonly MachineInfo[];
}
