import type { FaultContext } from '../../../src/core/fault.js';

/** The orders API as clients reach it: through the edge, over TLS. */
export const EDGE_ORDERS_URL = 'https://edge/api/orders?limit=1';

/** One request through the edge and how it was judged. */
export interface EdgeResponse {
  readonly status: number;
  /** `instance` of an orders answer (body field or X-Orders-Instance header). */
  readonly instance: string | undefined;
  /** 2xx and a JSON body with `"service":"orders"`. */
  readonly ok: boolean;
  /** Short description for evidence: `200 app-1`, `502 text/html`, `error: …`. */
  readonly summary: string;
}

/** Counts over a sample of requests. */
export interface EdgeSample {
  readonly responses: readonly EdgeResponse[];
  readonly bad: number;
  readonly instances: readonly string[];
}

/** Send `count` GETs through the edge from `from` (mon, like the load generator) and judge each. */
export async function sampleEdge(ctx: FaultContext, count: number, from = 'mon'): Promise<EdgeSample> {
  const responses: EdgeResponse[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const response = await ctx.probes.http(from, EDGE_ORDERS_URL, { timeoutMs: 5000 });
      responses.push(judgeOrdersResponse(response.status, response.body, response.headers));
    } catch (error) {
      responses.push({ status: 0, instance: undefined, ok: false, summary: `error: ${firstLine(error)}` });
    }
  }
  const instances = [...new Set(responses.flatMap((r) => (r.ok && r.instance ? [r.instance] : [])))].sort();
  return { responses, bad: responses.filter((r) => !r.ok).length, instances };
}

/** Judge one response: is it the orders service answering successfully? */
export function judgeOrdersResponse(status: number, body: string, headers: Readonly<Record<string, string>>): EdgeResponse {
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-orders-instance')?.[1];
  const instance = typeof json?.instance === 'string' ? json.instance : header;
  const isOrders = json?.service === 'orders';
  const ok = status >= 200 && status < 300 && isOrders;
  const what = isOrders ? (instance ?? 'orders') : describeBody(body, headers);
  return { status, instance: isOrders ? instance : undefined, ok, summary: `${status} ${what}` };
}

/** Evidence text: `20 requests to … from mon: 11 ok, 9 bad (502 ×5, 404 text/plain ×4); instances: app-1`. */
export function describeSample(sample: EdgeSample, from = 'mon'): string {
  const counts = new Map<string, number>();
  for (const r of sample.responses) counts.set(r.summary, (counts.get(r.summary) ?? 0) + 1);
  const breakdown = [...counts].map(([summary, n]) => `${summary} ×${n}`).join(', ');
  return (
    `${sample.responses.length} GET ${EDGE_ORDERS_URL} from ${from}: ` +
    `${sample.responses.length - sample.bad} ok, ${sample.bad} not from orders or failed (${breakdown}); ` +
    `orders instances seen: ${sample.instances.length ? sample.instances.join(', ') : 'none'}`
  );
}

function describeBody(body: string, headers: Readonly<Record<string, string>>): string {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1]?.split(';')[0];
  const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 40);
  return `${type ?? 'no content-type'} "${snippet}"`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
