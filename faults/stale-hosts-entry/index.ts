import type { FaultDefinition } from '../../src/core/fault.js';
import { staleHostsEntryHost } from './host/index.js';

/** See README.md. */
export const staleHostsEntry: FaultDefinition = {
  id: 'stale-hosts-entry',
  summary: 'A stale /etc/hosts entry on app points store at an old address; writes to etcd time out.',
  area: 'dns',
  level: 2,
  symptomSeconds: 5,
  implementations: { host: staleHostsEntryHost },
};
