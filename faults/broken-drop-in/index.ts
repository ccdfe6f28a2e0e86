import type { FaultDefinition } from '../../src/core/fault.js';
import { brokenDropInHost } from './host/index.js';

/** See README.md. */
export const brokenDropIn: FaultDefinition = {
  id: 'broken-drop-in',
  summary: 'A rollout drop-in with a one-line mistake keeps an orders instance from starting after its restart.',
  area: 'systemd',
  level: 2,
  symptomSeconds: 2,
  implementations: { host: brokenDropInHost },
};
