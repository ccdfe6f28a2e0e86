import type { FaultDefinition } from '../../src/core/fault.js';
import { dataDirPermissionsHost } from './host/index.js';

/** See README.md. */
export const dataDirPermissions: FaultDefinition = {
  id: 'data-dir-permissions',
  summary: 'Maintenance changed the owner or mode of the orders data volume; writes fail with EACCES.',
  area: 'filesystem',
  level: 1,
  symptomSeconds: 2,
  implementations: { host: dataDirPermissionsHost },
};
