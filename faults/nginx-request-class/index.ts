import type { FaultDefinition } from '../../src/core/fault.js';
import { nginxRequestClassHost } from './host/index.js';

/** See README.md. */
export const nginxRequestClass: FaultDefinition = {
  id: 'nginx-request-class',
  summary: 'An edge change breaks one class of request: unit-less client_max_body_size (413) or a per-address POST rate limit (503).',
  area: 'application',
  level: 3,
  symptomSeconds: 2,
  implementations: { host: nginxRequestClassHost },
};
