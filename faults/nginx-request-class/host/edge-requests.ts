import type { FaultContext } from '../../../src/core/fault.js';

const EDGE = 'https://edge/api/orders';

/** One request through the edge and what came back. */
export interface EdgeResult {
  readonly what: string;
  readonly status: number;
  readonly instance: string | undefined;
  /** id of a created order. */
  readonly id: string | undefined;
  readonly detail: string;
}

/** An order body with `noteBytes` of free text (the app ignores unknown fields; nginx counts every byte). */
export function orderBody(item: string, noteBytes = 0): string {
  return JSON.stringify({ item, qty: 1, ...(noteBytes > 0 ? { note: 'n'.repeat(noteBytes) } : {}) });
}

/** POST an order through the edge from mon. */
export async function createThroughEdge(ctx: FaultContext, item: string, noteBytes = 0): Promise<EdgeResult> {
  const body = orderBody(item, noteBytes);
  const response = await ctx.probes.http('mon', EDGE, { method: 'POST', body, timeoutMs: 5000 });
  return judge(`POST ${body.length} B`, response.status, response.body, response.headers);
}

/** GET one order (or the list, without `id`) through the edge from mon. */
export async function getThroughEdge(ctx: FaultContext, id?: string): Promise<EdgeResult> {
  const url = id === undefined ? `${EDGE}?limit=5` : `${EDGE}/${id}`;
  const response = await ctx.probes.http('mon', url, { timeoutMs: 5000 });
  return judge(id === undefined ? 'GET list' : 'GET one', response.status, response.body, response.headers);
}

/** Read status, orders instance and created id from a response. */
export function judge(what: string, status: number, body: string, headers: Readonly<Record<string, string>>): EdgeResult {
  let json: { instance?: unknown; order?: { id?: unknown }; error?: unknown } = {};
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    json = {};
  }
  const instance = typeof json.instance === 'string' ? json.instance : headers['x-orders-instance'];
  const id = typeof json.order?.id === 'string' ? json.order.id : undefined;
  const detail = typeof json.error === 'string' ? json.error : status === 0 ? body.slice(0, 80) : /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
  return { what, status, instance, id, detail };
}

/** `POST 180 B → 413 (413 Request Entity Too Large); GET one → 200 app-2`. */
export function describeResults(results: readonly EdgeResult[]): string {
  return results.map((r) => `${r.what} → ${r.status}${r.instance ? ` ${r.instance}` : ''}${r.detail ? ` (${r.detail.slice(0, 60)})` : ''}`).join('; ');
}
