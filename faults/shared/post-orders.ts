import type { FaultContext } from '../../src/core/fault.js';
import { PORTS } from '../../src/stack/topology.js';

/**
 * Each orders instance's create endpoint, called directly (not through the
 * edge) so that this fault's checks do not depend on the edge's routing,
 * which another fault of the same scenario may have broken.
 */
export const INSTANCE_CREATE_URLS: readonly string[] = PORTS.appInstances.map((port) => `http://app:${port}/api/orders`);

/** The outcome of one POST. */
export interface PostOutcome {
  readonly url: string;
  readonly status: number;
  /** `error` of a JSON error body, or a transport error. */
  readonly detail: string;
}

/** POST one order per item from mon, cycling through `urls` (every instance by default); never throws. */
export async function createOrders(
  ctx: FaultContext,
  items: readonly string[],
  urls: readonly string[] = INSTANCE_CREATE_URLS,
): Promise<PostOutcome[]> {
  const outcomes: PostOutcome[] = [];
  for (const [index, item] of items.entries()) {
    const url = urls[index % urls.length] ?? '';
    try {
      const response = await ctx.probes.http('mon', url, {
        method: 'POST',
        body: JSON.stringify({ item, qty: 1 }),
        timeoutMs: 5000,
      });
      outcomes.push({ url, status: response.status, detail: describeErrorBody(response.body) });
    } catch (error) {
      outcomes.push({ url, status: 0, detail: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' });
    }
  }
  return outcomes;
}

/** `app:8081 201; app:8082 507 (could not write the order to disk: ENOSPC)`. */
export function describePosts(posts: readonly PostOutcome[]): string {
  return posts
    .map((post) => {
      const where = post.url.replace(/^https?:\/\//, '').replace(/\/api\/orders$/, '');
      return `${where} ${post.status}${post.detail ? ` (${post.detail})` : ''}`;
    })
    .join('; ');
}

function describeErrorBody(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    if (typeof json.error !== 'string') return '';
    return typeof json.code === 'string' ? `${json.error}: ${json.code}` : json.error;
  } catch {
    return body.replace(/\s+/g, ' ').trim().slice(0, 60);
  }
}
