import { memoryCurrent } from '../src/targets/local/cgroups.js';
import { cgroupName } from '../src/targets/local/naming.js';

/**
 * Memory charged to these cgroups (relative paths, as in cgroups.ts), summed
 * in bytes; undefined when any has no memory accounting.
 */
export async function sumCgroupMemory(cgroups: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const cgroup of cgroups) {
    const bytes = await memoryCurrent(cgroup);
    if (bytes === undefined) return undefined;
    total += bytes;
  }
  return total;
}

/** Memory of faultline machines by machine name (fl-3fa2c1-edge …). */
export async function sumMachineMemory(machineNames: readonly string[]): Promise<number | undefined> {
  return sumCgroupMemory(machineNames.map(cgroupName));
}
