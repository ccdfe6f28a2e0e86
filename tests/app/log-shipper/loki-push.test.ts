import { afterEach, describe, expect, it } from 'vitest';
import { pushToLoki } from '../../../app/log-shipper/loki-push.js';
import { getFreePort } from '../support/free-port.js';
import { startLokiStub, type LokiStub } from '../support/loki-stub.js';

const body = { streams: [{ stream: { job: 'journal', host: 'app', unit: 'orders@1.service' }, values: [['1000', 'hello'] as const] }] };

describe('pushToLoki', () => {
  let stub: LokiStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('POSTs the JSON body to /loki/api/v1/push and succeeds on 204', async () => {
    stub = await startLokiStub();
    expect(await pushToLoki(stub.url, body, 2000)).toEqual({ ok: true });
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/loki/api/v1/push' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(body);
  });

  it('marks 5xx and 429 answers as retryable and other 4xx as not', async () => {
    const statuses = [503, 429, 400];
    stub = await startLokiStub((n) => statuses[n] ?? 204);
    expect(await pushToLoki(stub.url, body, 2000)).toEqual({ ok: false, retry: true, reason: 'HTTP 503: stub answered 503' });
    expect(await pushToLoki(stub.url, body, 2000)).toMatchObject({ ok: false, retry: true });
    expect(await pushToLoki(stub.url, body, 2000)).toMatchObject({ ok: false, retry: false });
  });

  it('marks a refused connection as retryable', async () => {
    const url = `http://127.0.0.1:${await getFreePort()}`;
    expect(await pushToLoki(url, body, 2000)).toEqual({ ok: false, retry: true, reason: 'ECONNREFUSED' });
  });
});
