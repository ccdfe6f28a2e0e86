import type { FaultDefinition } from '../../src/core/fault.js';
import { tlsExpiredLeafHost } from './host/index.js';

/** The edge serves an expired or not-yet-valid certificate. */
export const tlsExpiredLeaf: FaultDefinition = {
  id: 'tls-expired-leaf',
  summary: 'The edge serves an expired or not-yet-valid leaf certificate (renewal not installed, or nginx never reloaded): every TLS client fails.',
  area: 'tls',
  level: 2,
  symptomSeconds: 2,
  implementations: { host: tlsExpiredLeafHost },
};
