import type { FaultDefinition } from '../../src/core/fault.js';
import { nofileLimitHost } from './host/index.js';

/** See README.md. */
export const nofileLimit: FaultDefinition = {
  id: 'nofile-limit',
  summary: 'LimitNOFILE= set far too low on one orders instance: EMFILE (too many open files) under traffic.',
  area: 'kernel',
  level: 3,
  symptomSeconds: 3,
  implementations: { host: nofileLimitHost },
};
