import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { PATHS } from '../../../src/stack/topology.js';
import { shChecked } from '../../shared/exec-checked.js';
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
 * unit (bytes: orders with long names answer 413), or a per-client rate limit
 * on POSTs while every request reaches the edge from one address (most
 * orders answer nginx's own 503).
 */
export const nginxRequestClassHost: FaultImplementation<NginxRequestClassParams> = {
  params: nginxRequestClassParams,
  resolveParams: resolveNginxRequestClassParams,

  async inject(ctx, params) {
    const site = await ctx.exec.readFile('edge', SITE);
    // Idempotent by the file, not the records: a reset rebuilds the machines and keeps the records.
    if (repairSite(site, params) !== site) return;
    await ctx.records.write(SITE_RECORD, site);
    await ctx.exec.writeFile('edge', SITE, breakSite(site, params), 0o644);
    await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
    ctx.log(`nginx-request-class: ${params.variant}`, { ...params });
  },

  async symptom(ctx, params) {
    const results = await requestClasses(ctx);
    const broken = results.filter((r) => r.what.startsWith('POST') && r.status === (params.variant === 'body-size' ? 413 : 503) && r.instance === undefined);
    return { observed: broken.length > 0, evidence: `through https://edge from mon: ${describeResults(results)}` };
  },

  async verify(ctx) {
    const lists = await Promise.all([1, 2, 3].map(() => getThroughEdge(ctx)));
    const creates: EdgeResult[] = [];
    for (const [i, item] of ['gift card', LONG_ITEM, 'gift card', ...Array.from({ length: 7 }, () => 'pen')].entries()) {
      creates.push(await createThroughEdge(ctx, item, i === 0 || i === 2 ? NOTE_BYTES : 0));
    }
    const ids = creates.flatMap((c) => (c.id ? [c.id] : []));
    const gets: EdgeResult[] = [];
    for (let i = 0; i < 6; i++) gets.push(await getThroughEdge(ctx, ids[i % Math.max(1, ids.length)] ?? 'ord-none'));
    const criteria: Criterion[] = [
      { name: 'GET /api/orders (the list) works through the edge (3 of 3)', passed: lists.every((r) => r.status === 200), evidence: describeResults(lists) },
      {
        name: `${creates.length} orders in a row, with a long name or an ${NOTE_BYTES / 1024} KiB note among them, are accepted through the edge`,
        passed: creates.every((r) => r.status === 201),
        evidence: describeResults(creates),
      },
      {
        name: 'GET /api/orders/<id> of those orders works through the edge',
        passed: ids.length > 0 && gets.every((r) => r.status === 200),
        evidence: describeResults(gets),
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
  wrongFixes: [
    { id: 'mask-reported-request', description: 'Changes the edge just enough for the reported request: a 1k body limit (larger orders still 413) or one order per second per address (a busy minute still 503s).', apply: maskReportedRequest },
  ],
};

/**
 * Masks the reported symptom only: body-size → raise the limit to 1k (the
 * failing order fits, larger ones still 413); write-rate-limit → "one order
 * a second is plenty" (a customer's retry works, a busy minute still 503s).
 */
export async function maskReportedRequest(ctx: FaultContext, params: NginxRequestClassParams): Promise<void> {
  const site = await ctx.exec.readFile('edge', SITE);
  await ctx.exec.writeFile('edge', SITE, maskSite(site, params), 0o644);
  await shChecked(ctx.exec, 'edge', RELOAD, 'reload nginx');
}

/** One request of each class through the edge: list, create (short, short, long name). */
async function requestClasses(ctx: FaultContext): Promise<EdgeResult[]> {
  return [await getThroughEdge(ctx), await createThroughEdge(ctx, 'mouse'), await createThroughEdge(ctx, 'mouse'), await createThroughEdge(ctx, LONG_ITEM)];
}
