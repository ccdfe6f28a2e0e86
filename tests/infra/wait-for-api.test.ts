import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeApi, waitForApi } from '../../infra/wait-for-api.js';

const TOKEN = 'operator-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'faultline-readyz-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA and a serving certificate for 127.0.0.1 signed by it (what k3s does with the pre-generated CA and --tls-san). */
function makePki(name: string): { caPem: string; certPem: string; keyPem: string } {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-ca.key`, '-out', `${name}-ca.crt`, '-days', '1', '-subj', `/CN=${name}-ca`);
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=k3s');
  writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${name}-ca.crt`, '-CAkey', `${name}-ca.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { caPem: read(`${name}-ca.crt`), certPem: read(`${name}.crt`), keyPem: read(`${name}.key`) };
}

const cluster = makePki('cluster');
const other = makePki('other');

/** A loopback stand-in for k3s: 503 for the first `notReady` authenticated probes, then 200; 401 without the token. */
function startApi(notReady: number): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer({ cert: cluster.certPem, key: cluster.keyPem }, (req, res) => {
    hits += 1;
    if (req.url !== '/readyz') res.writeHead(404).end();
    else if (req.headers.authorization !== `Bearer ${TOKEN}`) res.writeHead(401).end('Unauthorized');
    else if (hits <= notReady) res.writeHead(503).end('[-]poststarthook/rbac/bootstrap-roles failed');
    else res.writeHead(200).end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, hits: () => hits })));
}

let servers: Server[] = [];
beforeAll(() => {
  servers = [];
});
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('waiting for the k3s API', () => {
  it('keeps waiting through 503s and returns only on an authenticated 200', async () => {
    const api = await startApi(3);
    servers.push(api.server);
    const reasons: string[] = [];
    const result = await waitForApi({ host: '127.0.0.1', port: api.port, caPem: cluster.caPem, token: TOKEN }, { intervalMs: 20, timeoutMs: 5000, onWait: (r) => reasons.push(r) });
    expect(result).toEqual({ ready: true });
    expect(api.hits()).toBe(4);
    expect(reasons).toEqual(['/readyz answered 503', '/readyz answered 503', '/readyz answered 503']);
  });

  it('does not count a 401 (wrong token) as ready', async () => {
    const api = await startApi(0);
    servers.push(api.server);
    const result = await waitForApi({ host: '127.0.0.1', port: api.port, caPem: cluster.caPem, token: 'wrong' }, { intervalMs: 20, timeoutMs: 200 });
    expect(result).toEqual({ ready: false, reason: '/readyz answered 401' });
    expect(api.hits()).toBeGreaterThan(1);
  });

  it('refuses a serving certificate that does not chain to the cluster CA (no skipped verification)', async () => {
    const api = await startApi(0);
    servers.push(api.server);
    const result = await probeApi({ host: '127.0.0.1', port: api.port, caPem: other.caPem, token: TOKEN });
    expect(result.ready).toBe(false);
    expect(result.ready ? '' : result.reason).toMatch(/certificate/i);
    expect(api.hits()).toBe(0);
  });

  it('gives up at the deadline when nothing listens, with the connection error as the reason', async () => {
    const api = await startApi(0);
    const port = api.port;
    await new Promise((r) => api.server.close(r));
    const result = await waitForApi({ host: '127.0.0.1', port, caPem: cluster.caPem, token: TOKEN }, { intervalMs: 20, timeoutMs: 150 });
    expect(result).toMatchObject({ ready: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });
});
