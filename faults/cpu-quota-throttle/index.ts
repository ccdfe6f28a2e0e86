import type { FaultDefinition } from '../../src/core/fault.js';
import { cpuQuotaThrottleHost } from './host/index.js';

/** See README.md. */
export const cpuQuotaThrottle: FaultDefinition = {
  id: 'cpu-quota-throttle',
  summary: 'A CPUQuota= of 2–3 % on one orders instance or on the orders slice: CFS throttling makes requests 10–50× slower while the host is idle.',
  area: 'cgroups',
  level: 4,
  symptomSeconds: 4,
  implementations: { host: cpuQuotaThrottleHost },
};
