import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, sendText } from '../shared/http-json.js';
import { describeError } from '../shared/json-logger.js';
import type { OrdersDeps } from './handlers.js';
import { errorReply, type Reply } from './reply.js';
import { matchRoute } from './routes.js';
import type { TraceLog } from './trace-log.js';

/** Header naming the instance that answered. */
export const INSTANCE_HEADER = 'X-Orders-Instance';

const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Create the orders HTTP server: route, answer with the identity fields
 * (`service`, `instance`) on every JSON body, count and time the request, log
 * it as one JSON line and append it to the trace log.
 */
export function createOrdersServer(deps: OrdersDeps, trace: TraceLog | undefined): Server {
  const server = createServer((req, res) => {
    void serveRequest(deps, trace, req, res);
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function serveRequest(deps: OrdersDeps, trace: TraceLog | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://orders.invalid');
  const match = matchRoute({ method, url, readBody: () => readBody(req, BODY_LIMIT_BYTES) });
  let reply: Reply;
  try {
    reply = await match.handle(deps);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      reply = errorReply(413, error.message);
    } else {
      const { code, message } = describeError(error);
      deps.logger.error('request failed', { method, path: url.pathname, code, error: message });
      reply = errorReply(500, 'internal error', { code });
    }
  }
  res.setHeader(INSTANCE_HEADER, deps.config.ORDERS_INSTANCE);
  if (reply.kind === 'json') {
    sendJson(res, reply.status, { service: 'orders', instance: deps.config.ORDERS_INSTANCE, ...reply.body });
  } else {
    sendText(res, reply.status, reply.text, reply.contentType);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ms = Math.round(seconds * 10_000) / 10;
  deps.metrics.requests.inc({ route: match.route, method, code: String(reply.status) });
  deps.metrics.duration.observe(seconds, { route: match.route, method });
  deps.logger.log(reply.status >= 500 ? 'warn' : 'info', 'request', { method, path: url.pathname, status: reply.status, ms });
  trace?.record({ method, path: url.pathname, status: reply.status, ms });
}
