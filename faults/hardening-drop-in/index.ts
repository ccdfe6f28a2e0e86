import type { FaultDefinition } from '../../src/core/fault.js';
import { hardeningDropInHost } from './host/index.js';

/** See README.md. */
export const hardeningDropIn: FaultDefinition = {
  id: 'hardening-drop-in',
  summary: 'A security hardening drop-in denies what orders needs: ProtectSystem=strict without ReadWritePaths= (EROFS), or SystemCallFilter= with @sync (SIGSYS crash loop).',
  area: 'security',
  level: 3,
  symptomSeconds: 3,
  implementations: { host: hardeningDropInHost },
};
