import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import type { DiskPressureParams } from './volume.js';

export const diskPressureK8sParams = z.strictObject({
  file: z.string().regex(/^[a-z0-9._-]+(\/[a-z0-9._-]+)*$/, 'a relative path inside the data dir').optional(),
});

/** Pick a plausible-looking ballast name from the seed. */
export function resolveDiskPressureK8sParams(given: Partial<DiskPressureParams>, rng: Rng): DiskPressureParams {
  return { file: given.file ?? rng.pick(['.cache/compaction.tmp', 'journal/segment-000042.log', 'export/orders-dump.bin']) };
}
