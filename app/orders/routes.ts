import type { OrdersDeps } from './handlers.js';
import { handleCreateOrder, handleGetOrder, handleHealthz, handleListOrders, handleMetrics } from './handlers.js';
import { errorReply, type Reply } from './reply.js';

/** One incoming request, already read. */
export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  readonly readBody: () => Promise<string>;
}

/** A matched route: its label for metrics and how to answer. */
export interface RouteMatch {
  /** Route template used as the `route` label (bounded cardinality). */
  readonly route: string;
  readonly handle: (deps: OrdersDeps) => Promise<Reply>;
}

const ORDER_ID = /^\/api\/orders\/([A-Za-z0-9_-]{1,80})\/?$/;

/** Map method + path to a handler. Unknown paths get `route="unmatched"`. */
export function matchRoute(req: RouteRequest): RouteMatch {
  const path = req.url.pathname;
  const only = (route: string, method: string, handle: RouteMatch['handle']): RouteMatch => ({
    route,
    handle: req.method === method ? handle : async () => errorReply(405, `${req.method} is not allowed on ${route}`),
  });
  if (path === '/healthz') return only('/healthz', 'GET', handleHealthz);
  if (path === '/metrics') return only('/metrics', 'GET', handleMetrics);
  if (path === '/api/orders' || path === '/api/orders/') {
    if (req.method === 'POST') return { route: '/api/orders', handle: async (deps) => handleCreateOrder(deps, await req.readBody()) };
    return only('/api/orders', 'GET', (deps) => handleListOrders(deps, req.url.searchParams));
  }
  const id = ORDER_ID.exec(path)?.[1];
  if (id !== undefined) return only('/api/orders/:id', 'GET', (deps) => handleGetOrder(deps, id));
  return { route: 'unmatched', handle: async () => errorReply(404, `no route for ${req.method} ${path}`) };
}
