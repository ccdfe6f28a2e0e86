import type { FaultDefinition } from '../../src/core/fault.js';
import { etcdNospaceHost } from './host/index.js';

/** etcd's backend quota is exhausted by a runaway writer: NOSPACE alarm, writes fail. */
export const etcdNospace: FaultDefinition = {
  id: 'etcd-nospace',
  summary: "A runaway writer on app fills etcd's backend quota: NOSPACE alarm, order writes fail with \"database space exceeded\" until the writer is stopped and etcd compacted, defragmented and disarmed.",
  area: 'datastore',
  level: 4,
  symptomSeconds: 13,
  implementations: { host: etcdNospaceHost },
};
