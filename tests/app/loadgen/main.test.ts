import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/utils/wait-for.js';
import { getAppBundles } from '../support/app-bundles.js';
import { getFreePort } from '../support/free-port.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { createTestPki, type TestPki } from '../support/test-ca.js';

interface Seen {
  method: string;
  body: string;
}

describe('loadgen (bundle against a loopback TLS edge)', () => {
  let dir: string;
  let edgePki: TestPki;
  let otherPki: TestPki;
  let bundle: string;
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  let connections = 0;
  const running: ServiceProcess[] = [];

  const startLoadgen = (env: Record<string, string>) => {
    const service = startService(bundle, { LOADGEN_URL: url, LOADGEN_RPS: '40', LOADGEN_SUMMARY_MS: '400', ...env });
    running.push(service);
    return service;
  };
  const summaryWith = (service: ServiceProcess, predicate: (line: Record<string, unknown>) => boolean) =>
    service.waitForLine((l) => l.msg === 'summary' && predicate(l), 5000);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-loadgen-'));
    [edgePki, otherPki, bundle] = await Promise.all([
      createTestPki(dir, 'edge'),
      createTestPki(dir, 'other'),
      getAppBundles().then((b) => b.files.loadgen),
    ]);
    server = createServer({ cert: await readFile(edgePki.serverCert), key: await readFile(edgePki.serverKey) }, (req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', body });
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end('{"service":"orders"}');
      });
    });
    server.on('secureConnection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/api/orders`;
  }, 20_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends GETs and order POSTs over verified keep-alive TLS and summarises them', async () => {
    const loadgen = startLoadgen({ LOADGEN_CA: edgePki.caCert, LOADGEN_WRITE_RATIO: '0.5' });
    const summary = await summaryWith(loadgen, (l) => (l.requests as number) >= 10);
    expect(summary.errors).toEqual({});
    expect(summary.byStatus).toMatchObject({ '200': expect.any(Number), '201': expect.any(Number) });
    expect(summary.p50Ms).toEqual(expect.any(Number));
    expect(summary.p95Ms as number).toBeGreaterThanOrEqual(summary.p50Ms as number);

    const posts = seen.filter((s) => s.method === 'POST');
    expect(seen.some((s) => s.method === 'GET')).toBe(true);
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) expect(JSON.parse(post.body)).toEqual({ item: expect.any(String), qty: expect.any(Number) });
    expect(connections).toBeLessThan(seen.length / 2);

    expect(await loadgen.stop()).toBe(0);
    expect(loadgen.lines.some((l) => l.msg === 'stopping')).toBe(true);
  });

  it('counts certificate errors by code and keeps running when it trusts the wrong CA', async () => {
    const before = seen.length;
    const loadgen = startLoadgen({ LOADGEN_CA: otherPki.caCert });
    const summary = await summaryWith(loadgen, (l) => (l.requests as number) > 0);
    expect(summary.byStatus).toEqual({});
    expect(Object.keys(summary.errors as object)).toEqual(['UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
    await summaryWith(loadgen, (l) => l !== summary);
    expect(loadgen.child.exitCode).toBeNull();
    expect(seen.length).toBe(before);
  });

  it('counts refused connections and keeps running when the edge is down', async () => {
    const closedPort = await getFreePort();
    const loadgen = startLoadgen({ LOADGEN_URL: `https://127.0.0.1:${closedPort}/api/orders`, LOADGEN_CA: edgePki.caCert });
    const summary = await summaryWith(loadgen, (l) => (l.requests as number) > 0);
    expect(summary.errors).toMatchObject({ ECONNREFUSED: summary.requests });
    const later = await waitFor(async () => loadgen.lines.filter((l) => l.msg === 'summary').length >= 3, { timeoutMs: 3000 });
    expect(later).toBe(true);
    expect(loadgen.child.exitCode).toBeNull();
  });

  it('exits 1 naming the file when the CA file cannot be read', async () => {
    const loadgen = startLoadgen({ LOADGEN_CA: join(dir, 'missing.crt') });
    expect(await loadgen.exited()).toBe(1);
    expect(loadgen.lines.find((l) => l.msg === 'cannot read the CA file')).toMatchObject({ code: 'ENOENT' });
  });
});
