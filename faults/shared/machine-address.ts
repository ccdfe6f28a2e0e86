import type { EnvironmentInfo } from '../../src/core/environment.js';
import type { Role } from '../../src/stack/topology.js';
import { FaultlineError } from '../../src/errors/index.js';

/** The address of the machine playing `role` in this environment. */
export function machineAddress(env: EnvironmentInfo, role: Role): string {
  const machine = env.machines.find((m) => m.role === role);
  if (!machine) {
    throw new FaultlineError('FAULT_FAILED', `Environment ${env.name} has no ${role} machine.`, {
      hint: 'This fault needs the orders stack (edge, app, store, mon).',
    });
  }
  return machine.address;
}
