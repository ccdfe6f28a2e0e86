import type { FaultDefinition } from '../../src/core/fault.js';
import { memoryMaxOomHost } from './host/index.js';

/** See README.md. */
export const memoryMaxOom: FaultDefinition = {
  id: 'memory-max-oom',
  summary: 'A MemoryMax= guard below what orders holds once its catalogue cache is warm (on the orders@ template or one instance): the kernel OOM-kills it while warming, systemd restarts it, again and again.',
  area: 'cgroups',
  level: 3,
  symptomSeconds: 2,
  implementations: { host: memoryMaxOomHost },
};
