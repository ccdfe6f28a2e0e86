import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaultRecords } from '../core/fault-records.js';
import { homePaths } from '../core/paths.js';
import { FaultlineError } from '../errors/index.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Records of the fault at `index` of environment `envName`, under `<env dir>/faults/`. */
export function createFaultRecords(envName: string, faultId: string, index: number): FaultRecords {
  const pathFor = (key: string): string => {
    if (!KEY.test(key)) {
      throw new FaultlineError('FAULT_FAILED', `Fault record key "${key}" is not a lower-case slug.`, {
        hint: 'Use letters, digits and dashes, e.g. "journal-fingerprint".',
      });
    }
    return join(homePaths.env(envName), 'faults', `${index}-${faultId}-${key}.json`);
  };
  return {
    async read(key) {
      const text = await readFile(pathFor(key), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    async write(key, value) {
      await writeFileAtomic(pathFor(key), `${JSON.stringify(value)}\n`, 0o600);
    },
    async remove(key) {
      await rm(pathFor(key), { force: true });
    },
  };
}
