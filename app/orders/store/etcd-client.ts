import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StoreError } from './store-error.js';

/** The subset of etcd's v3 JSON gateway (etcd 3.4) the orders service uses. */
export interface EtcdClient {
  /** Put `value` under `key`. Throws StoreError('etcd'). */
  put(key: string, value: string): Promise<void>;
  /** Value under `key`, or undefined. Throws StoreError('etcd'). */
  get(key: string): Promise<string | undefined>;
  /** Resolve when etcd reports itself healthy (`GET /health`). Throws StoreError('etcd'). */
  checkHealth(): Promise<void>;
}

interface GatewayResponse {
  readonly status: number;
  readonly body: string;
}

/** Create a client for the etcd at `baseUrl` (e.g. http://store:2379). */
export function createEtcdClient(baseUrl: string, timeoutMs = 2000): EtcdClient {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    let response: GatewayResponse;
    try {
      response = await sendRequest(new URL(path, baseUrl), method, body === undefined ? undefined : JSON.stringify(body), timeoutMs);
    } catch (error) {
      throw new StoreError('etcd', error);
    }
    if (response.status !== 200) {
      throw new StoreError('etcd', Object.assign(new Error(`etcd answered ${response.status}: ${response.body.slice(0, 200)}`), { code: `HTTP_${response.status}` }));
    }
    try {
      return JSON.parse(response.body) as unknown;
    } catch (error) {
      throw new StoreError('etcd', error);
    }
  };
  return {
    put: async (key, value) => {
      await call('POST', '/v3/kv/put', { key: toBase64(key), value: toBase64(value) });
    },
    get: async (key) => {
      const answer = (await call('POST', '/v3/kv/range', { key: toBase64(key) })) as { kvs?: { value?: string }[] };
      const value = answer.kvs?.[0]?.value;
      return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
    },
    checkHealth: async () => {
      const answer = (await call('GET', '/health')) as { health?: unknown; reason?: unknown };
      if (answer.health !== 'true' && answer.health !== true) {
        const reason = typeof answer.reason === 'string' && answer.reason !== '' ? answer.reason : 'etcd reports unhealthy';
        throw new StoreError('etcd', Object.assign(new Error(reason), { code: 'UNHEALTHY' }));
      }
    },
  };
}

function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function sendRequest(url: URL, method: string, body: string | undefined, timeoutMs: number): Promise<GatewayResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // `timeout` (unlike req.setTimeout) also covers connecting: a dropped SYN must not hang the request.
    const req = send(url, { method, timeout: timeoutMs, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from etcd within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}
