import { join } from 'node:path';
import type { AllocationRequest, TargetAllocation } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import { APP_DATA_MIB, HOST_OCTET, PATHS, ROLES } from '../../stack/topology.js';
import { usedSubnets } from './bridge.js';
import { bridgeName, machineName } from './naming.js';
import { pickSubnet } from './subnet.js';

/**
 * The local target's part of a new environment: a free /24 of the address
 * pool (not held by another environment nor routed on the host), the bridge
 * and machine names carrying the env id, each machine's upper dir and the
 * app's data volume. Creates nothing.
 */
export async function allocateLocal(request: AllocationRequest, config: Config): Promise<TargetAllocation> {
  const subnet = pickSubnet(config.local.addressPool, new Set([...request.takenSubnets, ...(await usedSubnets())]));
  return {
    target: 'local',
    subnet,
    bridge: bridgeName(request.id),
    machines: ROLES.map((role) => ({
      role,
      name: machineName(request.id, role),
      address: `${subnet}.${HOST_OCTET[role]}`,
      // The upper dir sits on the machine's own disk, mounted at machines/<role> (machine-disk.ts).
      upperDir: join(request.envDir, 'machines', role, 'upper'),
    })),
    volumes: [{ role: 'app', hostPath: join(request.envDir, 'volumes', 'app-data'), mountPoint: PATHS.appData, sizeMiB: APP_DATA_MIB }],
  };
}
