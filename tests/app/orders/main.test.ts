import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppBundles } from '../support/app-bundles.js';
import { startEtcd, type EtcdProcess } from '../support/etcd-process.js';
import { checkWithPromtool, getSampleValue, parsePromText } from '../support/prom-text.js';
import { startService, waitForListening, type ServiceProcess } from '../support/service-process.js';

interface JsonAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe('orders service (bundle + real etcd)', () => {
  let etcd: EtcdProcess;
  let dataDir: string;
  let bundle: string;
  let service: ServiceProcess;
  let base: string;

  const call = async (path: string, init?: RequestInit): Promise<JsonAnswer> => {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const postOrder = (body: unknown) =>
    call('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    [etcd, dataDir, bundle] = await Promise.all([
      startEtcd(),
      mkdtemp(join(tmpdir(), 'faultline-orders-')),
      getAppBundles().then((b) => b.files.orders),
    ]);
    service = startService(bundle, {
      ORDERS_PORT: '0',
      ORDERS_HOST: '127.0.0.1',
      ORDERS_INSTANCE: 'app-1',
      ORDERS_DATA_DIR: dataDir,
      ORDERS_ETCD_URL: etcd.url,
    });
    base = `http://127.0.0.1:${await waitForListening(service)}`;
  }, 20_000);

  afterAll(async () => {
    await service?.stop();
    await etcd?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('exits 1 with one line per bad variable when the configuration is invalid', async () => {
    const bad = startService(bundle, { ORDERS_PORT: 'eighty', ORDERS_INSTANCE: 'app-1', ORDERS_ETCD_URL: 'store:2379' });
    expect(await bad.exited()).toBe(1);
    expect(bad.stderr()).toContain('orders: invalid configuration');
    expect(bad.stderr()).toMatch(/ORDERS_PORT: .*"eighty"/);
    expect(bad.stderr()).toMatch(/ORDERS_ETCD_URL: .*"store:2379"/);
  });

  it('answers /healthz with 200 and its identity when the data dir and etcd are fine', async () => {
    const answer = await call('/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ service: 'orders', instance: 'app-1', status: 'ok' });
    expect(answer.headers.get('x-orders-instance')).toBe('app-1');
  });

  it('creates an order, journals it to disk and stores it in etcd', async () => {
    const created = await postOrder({ item: 'widget', qty: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ service: 'orders', instance: 'app-1' });
    const order = created.body.order as { id: string; item: string; qty: number };
    expect(order).toMatchObject({ item: 'widget', qty: 3, instance: 'app-1' });

    const journal = (await readFile(join(dataDir, 'orders.jsonl'), 'utf8')).trim().split('\n');
    expect(journal.map((line) => JSON.parse(line) as unknown)).toContainEqual(order);
    expect(JSON.parse((await etcd.get(`orders/${order.id}`)) ?? 'null')).toEqual(order);

    const one = await call(`/api/orders/${order.id}`);
    expect(one.status).toBe(200);
    expect(one.body.order).toEqual(order);
    await postOrder({ item: 'gadget', qty: 1 });
    const list = await call('/api/orders?limit=10');
    expect(list.status).toBe(200);
    expect((list.body.orders as { item: string }[]).map((o) => o.item)).toEqual(['gadget', 'widget']);
  });

  it('rejects bodies that are not a valid order with 400', async () => {
    expect((await postOrder({ item: '', qty: 0 })).status).toBe(400);
    const notJson = await call('/api/orders', { method: 'POST', body: 'item=widget' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.instance).toBe('app-1');
  });

  it('answers unknown paths and ids with 404 JSON carrying the identity fields', async () => {
    const missing = await call('/api/orders/ord-nope');
    expect(missing.status).toBe(404);
    const unknown = await call('/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ service: 'orders', instance: 'app-1' });
  });

  it('exports request, creation and info metrics that promtool accepts', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const lint = await checkWithPromtool(text);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
    const samples = parsePromText(text);
    expect(getSampleValue(samples, 'orders_created_total')).toBe(2);
    expect(getSampleValue(samples, 'orders_http_requests_total', { route: '/api/orders', method: 'POST', code: '201' })).toBe(2);
    expect(getSampleValue(samples, 'orders_http_requests_total', { route: '/api/orders/:id', method: 'GET', code: '404' })).toBe(1);
    expect(getSampleValue(samples, 'orders_http_request_duration_seconds_count', { route: '/api/orders', method: 'POST' })).toBe(4);
    expect(getSampleValue(samples, 'orders_info', { instance: 'app-1' })).toBe(1);
    expect(getSampleValue(samples, 'orders_data_dir_writable')).toBe(1);
    expect(getSampleValue(samples, 'orders_write_errors_total', { backend: 'etcd' })).toBe(0);
    expect(getSampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
  });

  it('logs one JSON line per request with method, path, status and duration', async () => {
    const line = await service.waitForLine((l) => l.msg === 'request' && l.path === '/healthz');
    expect(line).toMatchObject({ level: 'info', instance: 'app-1', method: 'GET', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(Date.parse(line.ts as string)).not.toBeNaN();
  });

  it('fails /healthz and order writes naming etcd once etcd is down', async () => {
    await etcd.stop();
    const health = await call('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ instance: 'app-1', failed: ['etcd'], checks: { dataDir: { ok: true }, etcd: { ok: false } } });
    const write = await postOrder({ item: 'widget', qty: 1 });
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({ service: 'orders', instance: 'app-1', backend: 'etcd', code: 'ECONNREFUSED' });
    const samples = parsePromText(await (await fetch(`${base}/metrics`)).text());
    expect(getSampleValue(samples, 'orders_write_errors_total', { backend: 'etcd' })).toBe(1);
  });

  it('stops gracefully with exit code 0 on SIGTERM', async () => {
    expect(await service.stop()).toBe(0);
    expect(service.lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
  });
});
