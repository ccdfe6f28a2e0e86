import type { FaultDefinition } from '../../src/core/fault.js';
import { startLimitHost } from './host/index.js';

/** See README.md. */
export const startLimit: FaultDefinition = {
  id: 'start-limit',
  summary: 'A bad rollout setting crash-loops one orders instance into its start limit; it stays failed until the cause is fixed and reset-failed.',
  area: 'systemd',
  level: 2,
  symptomSeconds: 2,
  implementations: { host: startLimitHost },
};
