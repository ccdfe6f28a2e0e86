import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/utils/wait-for.js';
import { getAppBundles } from '../support/app-bundles.js';
import { startEtcd, type EtcdProcess } from '../support/etcd-process.js';
import { getSampleValue, parsePromText } from '../support/prom-text.js';
import { startService, waitForListening, type ServiceProcess } from '../support/service-process.js';

const run = promisify(execFile);

/** Free bytes on the filesystem holding `path`. */
async function getFreeBytes(path: string): Promise<number> {
  const stats = await statfs(path);
  return stats.bavail * stats.bsize;
}

describe('orders service on a full data volume (1 MiB tmpfs, needs root)', () => {
  let volume: string;
  let mounted = false;
  let etcd: EtcdProcess;
  let service: ServiceProcess;
  let base: string;

  const metric = async (name: string, labels: Record<string, string> = {}) =>
    getSampleValue(parsePromText(await (await fetch(`${base}/metrics`)).text()), name, labels);
  const postOrder = async () => {
    const res = await fetch(`${base}/api/orders`, { method: 'POST', body: JSON.stringify({ item: 'widget', qty: 1 }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    volume = await mkdtemp(join(tmpdir(), 'faultline-orders-full-'));
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', volume]);
    mounted = true;
    const [started, bundles] = await Promise.all([startEtcd(), getAppBundles()]);
    etcd = started;
    service = startService(bundles.files.orders, {
      ORDERS_PORT: '0',
      ORDERS_HOST: '127.0.0.1',
      ORDERS_INSTANCE: 'app-2',
      ORDERS_DATA_DIR: volume,
      ORDERS_ETCD_URL: etcd.url,
      ORDERS_TRACE_LOG: join(volume, 'trace.log'),
      ORDERS_TRACE_PAD_BYTES: String(100 * 1024),
    });
    base = `http://127.0.0.1:${await waitForListening(service)}`;
  }, 20_000);

  afterAll(async () => {
    await service?.stop();
    await etcd?.stop();
    if (mounted) await run('umount', [volume]);
    if (volume) await rm(volume, { recursive: true, force: true });
  });

  it('creates orders while the volume has space', async () => {
    expect((await postOrder()).status).toBe(201);
  });

  it('keeps serving and counts trace errors when the padded trace log fills the volume', async () => {
    for (let i = 0; i < 16; i += 1) expect((await fetch(`${base}/api/orders`)).status).toBe(200);
    const traceErrors = await waitFor(async () => ((await metric('orders_write_errors_total', { backend: 'trace' })) ?? 0) > 0, {
      timeoutMs: 3000,
      intervalMs: 50,
    });
    expect(traceErrors).toBe(true);
    expect(await getFreeBytes(volume)).toBe(0);
    expect(service.child.exitCode).toBeNull();
    expect(service.lines.some((l) => l.msg === 'trace log write failed' && l.code === 'ENOSPC')).toBe(true);
  });

  it('answers order writes with 507 naming the disk backend and fails /healthz on the data dir', async () => {
    // The journal's last page may still hold a few lines; writes fail once it is used up.
    let write = await postOrder();
    for (let i = 0; i < 60 && write.status === 201; i += 1) write = await postOrder();
    expect(write.status).toBe(507);
    expect(write.body).toMatchObject({ service: 'orders', instance: 'app-2', backend: 'disk', code: 'ENOSPC' });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ failed: ['dataDir'], checks: { dataDir: { ok: false, code: 'ENOSPC' }, etcd: { ok: true } } });
    expect(await metric('orders_data_dir_writable')).toBe(0);
    expect(await metric('orders_write_errors_total', { backend: 'disk' })).toBe(1);
    const journal = await readFile(join(volume, 'orders.jsonl'), 'utf8');
    expect(journal.endsWith('\n')).toBe(true);
    for (const line of journal.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ item: 'widget' });
  });

  it('holds the space of a deleted trace log until the process exits', async () => {
    await rm(join(volume, 'trace.log'));
    expect(await getFreeBytes(volume)).toBe(0);
    expect((await postOrder()).status).toBe(507);
    expect(await service.stop()).toBe(0);
    expect(await getFreeBytes(volume)).toBeGreaterThan(512 * 1024);
  });
});
