import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { FaultlineError } from '../../../src/errors/index.js';
import { PORTS } from '../../../src/stack/topology.js';
import type { SilentScrapeParams } from './params.js';

export const ORDERS_JOB = 'orders';

function ordersJob(doc: Document) {
  const jobs = doc.get('scrape_configs');
  if (!isSeq(jobs)) return undefined;
  return jobs.items.find((job) => isMap(job) && job.get('job_name') === ORDERS_JOB);
}

/** prometheus.yml with one orders instance's scrape silently broken; every other byte kept. */
export function breakScrapeConfig(text: string, params: SilentScrapeParams): string {
  const doc = parseDocument(text);
  const job = ordersJob(doc);
  if (!isMap(job)) throw new FaultlineError('FAULT_FAILED', 'silent-scrape: prometheus.yml has no orders job.');
  const port = PORTS.appInstances[params.instance - 1];
  if (params.variant === 'relabel-drop') {
    const rule = doc.createNode({ source_labels: ['__address__'], regex: `app:${port}`, action: 'drop' });
    rule.commentBefore = ' canary instance is scraped by the canary job (OPS-877)';
    const relabels = job.get('relabel_configs');
    if (isSeq(relabels)) relabels.items.push(rule);
    else job.set('relabel_configs', doc.createNode([rule]));
  } else {
    const statics = job.get('static_configs');
    const first = isSeq(statics) ? statics.items[0] : undefined;
    const targets = isMap(first) ? first.get('targets') : undefined;
    if (!isSeq(targets)) throw new FaultlineError('FAULT_FAILED', 'silent-scrape: the orders job has no static targets.');
    targets.items = targets.items.map((item) => (String((item as { value?: unknown }).value ?? item) === `app:${port}` ? doc.createNode(`app:${PORTS.nodeExporter}`) : item)) as typeof targets.items;
  }
  return doc.toString({ lineWidth: 0 });
}
