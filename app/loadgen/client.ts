import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { describeError } from '../shared/json-logger.js';
import type { Outcome } from './stats.js';
import type { PlannedRequest } from './traffic.js';

/** Sends requests to one URL over keep-alive connections. */
export interface TrafficClient {
  send(request: PlannedRequest): Promise<Outcome>;
  close(): void;
}

/** Create a keep-alive client for `url`; for https, verify with `ca` (PEM) or the system CAs. */
export function createTrafficClient(url: URL, ca: string | undefined, timeoutMs: number): TrafficClient {
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(ca === undefined ? {} : { ca }) })
    : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  const send = secure ? httpsRequest : httpRequest;
  return {
    send: (planned) =>
      new Promise<Outcome>((resolve) => {
        const headers: Record<string, string> = { 'user-agent': 'faultline-loadgen/1', accept: 'application/json' };
        if (planned.body !== undefined) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(Buffer.byteLength(planned.body));
        }
        const req = send(url, { method: planned.method, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', (error) => resolve({ error: describeError(error).code }));
        });
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
        req.on('error', (error) => resolve({ error: describeError(error).code }));
        req.end(planned.body);
      }),
    close: () => agent.destroy(),
  };
}
