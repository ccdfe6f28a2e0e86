import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { describeError } from '../shared/json-logger.js';
import type { LokiPushBody } from './push-body.js';

/** Path of Loki's push API. */
export const LOKI_PUSH_PATH = '/loki/api/v1/push';

/** Outcome of one push: done, or failed (and whether retrying can help). */
export type PushOutcome = { readonly ok: true } | { readonly ok: false; readonly retry: boolean; readonly reason: string };

/**
 * POST `body` to Loki at `lokiUrl`. Network errors, 429 and 5xx are
 * retryable; other 4xx mean Loki rejected the batch and retrying will not help.
 */
export function pushToLoki(lokiUrl: string, body: LokiPushBody, timeoutMs: number): Promise<PushOutcome> {
  const url = new URL(LOKI_PUSH_PATH, lokiUrl);
  const text = JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ ok: false, retry: true, reason: describeError(error).code }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ ok: true });
          const reason = `HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200).trim()}`;
          resolve({ ok: false, retry: status === 429 || status >= 500, reason });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('push timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => resolve({ ok: false, retry: true, reason: describeError(error).code }));
    req.end(text);
  });
}
