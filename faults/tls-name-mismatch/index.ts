import type { FaultDefinition } from '../../src/core/fault.js';
import { tlsNameMismatchHost } from './host/index.js';

/** After a hostname migration the edge's certificate does not name the host clients use. */
export const tlsNameMismatch: FaultDefinition = {
  id: 'tls-name-mismatch',
  summary: "A \"hostname migration\" installed a certificate for the new name only (or a wildcard for the new domain): clients of the old name get a name mismatch.",
  area: 'tls',
  level: 2,
  symptomSeconds: 2,
  implementations: { host: tlsNameMismatchHost },
};
