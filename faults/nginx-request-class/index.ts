import type { Fault, FaultContext } from '../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../src/core/evidence.js';
import { PATHS, PORTS } from '../../src/stack/topology.js';
import { shChecked } from '../shared/exec-checked.js';
import { machineAddress } from '../shared/machine-address.js';
import { createThroughEdge, describeResults, getThroughEdge, type EdgeResult } from './edge-requests.js';
import { nginxRequestClassParams, resolveNginxRequestClassParams, type NginxRequestClassParams } from './params.js';
import { breakSite, maskSite, repairSite } from './site-edit.js';

export type { NginxRequestClassParams } from './params.js';

const SITE = PATHS.nginxSite;
/** Host-side record of the healthy site file. */
const SITE_RECORD = 'site-before';
const RELOAD = 'nginx -t 2>&1 && systemctl reload nginx';
/** A long product name (within the app's 200-character limit): the order customers report failing. */
const LONG_ITEM = `Ergonomic standing desk frame, dual motor, ${'oak veneer top 160x80 cm, '.repeat(4)}cable tray`;
/** An order with a gift note: 8 KiB of body, far below any sane limit. */
const NOTE_BYTES = 8192;

/**
 * The edge breaks one class of request: a `client_max_body_size` without its
 * unit (bytes: orders with long names answer 413), or a caching location for
 * single orders whose `proxy_pass` has a URI part (the prefix is replaced:
 * GET /api/orders/<id> reaches orders as /<id> → 404).
 */
export const nginxRequestClass: Fault<NginxRequestClassParams> = {
  id: 'nginx-request-class',
  summary: 'An edge change breaks one class of request: unit-less client_max_body_size (413) or a proxy_pass URI that rewrites single-order GETs (404).',
  category: 'networking',
  appliesTo: 'host',
  params: nginxRequestClassParams,
  resolveParams: resolveNginxRequestClassParams,
  revertSupport: { supported: true },

  async inject(ctx, params) {
    const site = await ctx.exec.readFile('edge', SITE);
    if ((await ctx.records.read(SITE_RECORD)) === undefined) await ctx.records.write(SITE_RECORD, site);
    else return;
    await ctx.exec.writeFile('edge', SITE, breakSite(site, params), 0o644);
    await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
    ctx.log(`nginx-request-class: ${params.variant}`, { ...params });
  },

  async symptom(ctx, params) {
    const results = await requestClasses(ctx, 1);
    const broken = params.variant === 'body-size' ? results.filter((r) => r.what.startsWith('POST') && r.status === 413) : results.filter((r) => r.what === 'GET one' && r.status === 404);
    return { observed: broken.length > 0, evidence: `through https://edge from mon: ${describeResults(results)}` };
  },

  async verify(ctx) {
    const lists = await Promise.all([1, 2, 3].map(() => getThroughEdge(ctx)));
    const creates: EdgeResult[] = [];
    for (const item of ['gift card', LONG_ITEM, 'gift card']) creates.push(await createThroughEdge(ctx, item, item === LONG_ITEM ? 0 : NOTE_BYTES));
    const ids = creates.flatMap((c) => (c.id ? [c.id] : []));
    const gets: EdgeResult[] = [];
    for (let i = 0; i < 6; i++) gets.push(await getThroughEdge(ctx, ids[i % Math.max(1, ids.length)] ?? 'ord-none'));
    const instances = [...new Set(gets.filter((g) => g.status === 200).map((g) => g.instance ?? '?'))].sort();
    const criteria: Criterion[] = [
      { name: 'GET /api/orders (the list) works through the edge (3 of 3)', passed: lists.every((r) => r.status === 200), evidence: describeResults(lists) },
      {
        name: `orders with a long name or an ${NOTE_BYTES / 1024} KiB note are accepted through the edge (3 of 3)`,
        passed: creates.every((r) => r.status === 201),
        evidence: describeResults(creates),
      },
      {
        name: 'GET /api/orders/<id> of those orders works through the edge, served by both instances',
        passed: ids.length > 0 && gets.every((r) => r.status === 200) && instances.length === PORTS.appInstances.length,
        evidence: `${describeResults(gets)}; instances: ${instances.join(', ') || 'none'}`,
      },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    const site = await ctx.exec.readFile('edge', SITE);
    await ctx.exec.writeFile('edge', SITE, repairSite(site, params), 0o644);
    await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
  },

  async revert(ctx) {
    const before = await ctx.records.read(SITE_RECORD);
    if (typeof before === 'string') {
      await ctx.exec.writeFile('edge', SITE, before, 0o644);
      await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
    }
    await ctx.records.remove(SITE_RECORD);
    ctx.log('nginx-request-class: reverted');
  },
};

/**
 * Masks the reported symptom only: body-size → raise the limit to 1k (the
 * failing order fits, larger ones still 413); uri-rewrite → point the caching
 * location at one instance's address (single orders work, without load
 * balancing or failover).
 */
export async function maskReportedRequest(ctx: FaultContext, params: NginxRequestClassParams): Promise<void> {
  const site = await ctx.exec.readFile('edge', SITE);
  await ctx.exec.writeFile('edge', SITE, maskSite(site, params, `${machineAddress(ctx.env, 'app')}:${PORTS.appInstances[0]}`), 0o644);
  await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
}

/** One request of each class through the edge: list, create (short, long name), get that order. */
async function requestClasses(ctx: FaultContext, rounds: number): Promise<EdgeResult[]> {
  const results: EdgeResult[] = [];
  for (let i = 0; i < rounds; i++) {
    results.push(await getThroughEdge(ctx));
    const short = await createThroughEdge(ctx, 'mouse');
    results.push(short, await createThroughEdge(ctx, LONG_ITEM));
    results.push(await getThroughEdge(ctx, short.id ?? 'ord-none'));
  }
  return results;
}
