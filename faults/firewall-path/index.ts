import type { FaultDefinition } from '../../src/core/fault.js';
import { firewallPathHost } from './host/index.js';

/** See README.md. */
export const firewallPath: FaultDefinition = {
  id: 'firewall-path',
  summary: 'A firewall rule among innocent ones blocks app → store:2379 (DROP: timeouts, REJECT: refused).',
  area: 'networking',
  level: 2,
  symptomSeconds: 4,
  implementations: { host: firewallPathHost },
};
