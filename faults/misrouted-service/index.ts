import type { FaultDefinition } from '../../src/core/fault.js';
import { misroutedServiceHost } from './host/index.js';
import { misroutedServiceK8s } from './kubernetes/index.js';

/** The edge sends /api/ traffic somewhere that is not orders. */
export const misroutedService: FaultDefinition = {
  id: 'misrouted-service',
  summary: 'The edge routes /api/ requests to something that is not orders (bad upstream port or stray DNAT rule; on kubernetes a Service selector/targetPort typo).',
  area: 'networking',
  level: 2,
  symptomSeconds: 3,
  implementations: { host: misroutedServiceHost, kubernetes: misroutedServiceK8s },
};
