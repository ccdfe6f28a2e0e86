import type { FaultDefinition } from '../../src/core/fault.js';
import { diskPressureHost } from './host/index.js';
import { diskPressureK8s } from './kubernetes/index.js';

/** The orders data volume is full, on the host through a deleted-but-open trace log. */
export const diskPressure: FaultDefinition = {
  id: 'disk-pressure',
  summary: 'A forgotten debug trace log fills the orders data volume and is deleted while still open (ENOSPC, df ≠ du).',
  area: 'filesystem',
  level: 3,
  symptomSeconds: 2,
  implementations: { host: diskPressureHost, kubernetes: diskPressureK8s },
};
