import type { FaultDefinition } from '../../src/core/fault.js';
import { inodeExhaustionHost } from './host/index.js';

/** See README.md. */
export const inodeExhaustion: FaultDefinition = {
  id: 'inode-exhaustion',
  summary: 'A cache unit with no expiry fills the orders data volume with tiny files: no inodes left, ENOSPC while df -h shows space.',
  area: 'filesystem',
  level: 3,
  symptomSeconds: 2,
  implementations: { host: inodeExhaustionHost },
};
