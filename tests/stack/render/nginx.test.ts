import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../../src/stack/topology.js';
import { renderBlackboxConfig } from '../../../src/stack/render/blackbox.js';
import { EDGE_ACCESS_LOG, renderNginxFiles, renderNginxSite } from '../../../src/stack/render/nginx.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { contentOf, makeStackInput, makeTempDir, materialize, runTool, TEST_SUBNET } from '../stack-fixture.js';

/** Debian's compiled-in prefix: `load_module modules/…` in modules-enabled is relative to it. */
const NGINX_PREFIX = '/usr/share/nginx/';

/**
 * Debian's own /etc/nginx (from nginx-light on this host) copied under a
 * temporary root, with the rendered files placed where they go on edge and
 * every absolute path moved under that root.
 */
async function makeNginxRoot(root: string, input: StackInput, rewrite: (site: string) => string = (s) => s) {
  await cp('/etc/nginx', join(root, 'etc/nginx'), { recursive: true, verbatimSymlinks: true });
  const files = renderNginxFiles(input).map((file) =>
    'content' in file && file.path === PATHS.nginxSite ? { ...file, content: rewrite(file.content) } : file,
  );
  await materialize(root, files);
  const relocate = (text: string) =>
    text
      .replaceAll('/etc/nginx/', `${root}/etc/nginx/`)
      .replaceAll('/var/log/nginx/', `${root}/log/`)
      .replaceAll('/run/nginx.pid', `${root}/nginx.pid`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(root, 'log'), { recursive: true });
  for (const path of ['etc/nginx/nginx.conf', 'etc/nginx/conf.d/orders.conf']) {
    await writeFile(join(root, path), relocate(await readFile(join(root, path), 'utf8')));
  }
  return join(root, 'etc/nginx/nginx.conf');
}

describe('renderNginxSite', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('nginx'));
    ({ input } = await makeStackInput(dir));
  });
  afterAll(() => cleanup());

  it('passes nginx -t inside Debian\'s nginx.conf, with the default site replaced', async () => {
    const conf = await makeNginxRoot(join(dir, 'ok'), input);
    const result = await runTool('nginx', ['-t', '-c', conf, '-p', NGINX_PREFIX]);
    expect(result.output).toContain('test is successful');
    expect(result.exitCode).toBe(0);
  });

  it('fails nginx -t when the key does not belong to the certificate, so the check can fail', async () => {
    const other = await makeStackInput(join(dir, 'other'));
    const mismatched = { ...input, pki: { ...input.pki, edgeKeyPem: other.input.pki.edgeKeyPem } };
    const conf = await makeNginxRoot(join(dir, 'bad'), mismatched);
    const result = await runTool('nginx', ['-t', '-c', conf, '-p', NGINX_PREFIX]);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/key values mismatch|SSL_CTX_use_PrivateKey/);
  });

  it('points the upstream at the app address on both instance ports and keeps the /api/ prefix', () => {
    const site = renderNginxSite(input);
    expect(site).toMatch(/upstream orders \{\n {4}server 127\.0\.77\.11:8081 [^\n]*\n {4}server 127\.0\.77\.11:8082 /);
    expect(site).toContain('location /api/ {\n        proxy_pass http://orders;\n');
    expect(site).not.toContain('non_idempotent');
  });

  it('ships the certificate and a private key readable by root only', () => {
    const files = renderNginxFiles(input);
    expect(contentOf(files, PATHS.edgeCert)).toBe(input.pki.edgeCertPem);
    expect(files.find((f) => f.path === PATHS.edgeKey)).toMatchObject({ mode: 0o600 });
  });
});

/**
 * The rendered site served for real on loopback: listen ports are moved off
 * 80/443 onto the test's edge address, and two tiny HTTP servers stand in
 * for orders@1 and orders@2 on the app address (127.0.77.11:8081/8082).
 */
describe('the rendered edge, served by nginx on loopback', () => {
  const edge = `${TEST_SUBNET}.10`;
  const app = `${TEST_SUBNET}.11`;
  const HTTPS = 18443;
  const HTTP = 18080;
  let dir: string;
  let cleanup: () => Promise<void>;
  let caPath: string;
  let conf: string;
  let prefix: string;
  let input: StackInput;
  const backends: Server[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('nginx-live'));
    const made = await makeStackInput(dir);
    input = made.input;
    const pki = made.pki;
    caPath = pki.ca.certPath;
    prefix = join(dir, 'root');
    conf = await makeNginxRoot(prefix, input, (site) =>
      site
        .replace(/listen \[::\]:\d+[^\n]*\n/g, '')
        .replace('listen 80 default_server', `listen ${edge}:${HTTP} default_server`)
        .replace('listen 443 ssl default_server', `listen ${edge}:${HTTPS} ssl default_server`)
        .replace('listen 127.0.0.1:8080', `listen ${edge}:18081`),
    );
    // orders@1 reads each request and then drops the connection (a crash mid-request); orders@2 answers.
    for (const [index, port] of [8081, 8082].entries()) {
      const server = createServer((req, res) => {
        if (index === 0) {
          req.resume();
          req.on('end', () => req.socket.destroy());
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ service: 'orders', instance: `app-${index + 1}`, path: req.url }));
      });
      await new Promise<void>((resolve) => server.listen(port, app, resolve));
      backends.push(server);
    }
    const started = await runTool('nginx', ['-c', conf, '-p', NGINX_PREFIX]);
    expect(started.exitCode, started.output).toBe(0);
  });

  afterAll(async () => {
    await runTool('nginx', ['-c', conf, '-p', NGINX_PREFIX, '-s', 'stop']);
    await Promise.all(backends.map((server) => new Promise((resolve) => server.close(resolve))));
    await cleanup();
  });

  /** Fresh workers, fresh upstream state (no instance marked failed). */
  const reloadNginx = async () => {
    const master = (await readFile(join(prefix, 'nginx.pid'), 'utf8')).trim();
    const workers = async () => (await runTool('pgrep', ['-P', master])).output.split('\n').filter(Boolean);
    const before = await workers();
    await runTool('nginx', ['-c', conf, '-p', NGINX_PREFIX, '-s', 'reload']);
    for (let i = 0; i < 50; i++) {
      const now = await workers();
      if (now.length > 0 && now.every((pid) => !before.includes(pid))) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('nginx did not replace its workers after a reload');
  };

  const curl = (args: string[]) =>
    runTool('curl', ['-sS', '--max-time', '5', '--cacert', caPath, '--resolve', `edge:${HTTPS}:${edge}`, '--resolve', `edge:${HTTP}:${edge}`, ...args]);

  it('answers /healthz itself over TLS verified against the environment CA', async () => {
    const result = await curl(['-w', '\n%{http_code}', `https://edge:${HTTPS}/healthz`]);
    expect(result.output).toContain('{"status":"ok","service":"edge"}');
    expect(result.output.trim().endsWith('200')).toBe(true);
  });

  it('proxies /api/ to the orders instances with the prefix kept', async () => {
    const result = await curl([`https://edge:${HTTPS}/api/orders?limit=1`]);
    expect(JSON.parse(result.output)).toMatchObject({ service: 'orders', path: '/api/orders?limit=1' });
  });

  it('never passes a POST that reached a failing instance on to the other one', async () => {
    await reloadNginx();
    const posts: string[] = [];
    for (let i = 0; i < 4 && !posts.includes('502'); i++) {
      posts.push((await curl(['-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-d', '{}', `https://edge:${HTTPS}/api/orders`])).output);
    }
    expect(posts).toContain('502');
  });

  it('retries a GET that failed on one instance on the other', async () => {
    await reloadNginx();
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await curl(['-o', '/dev/null', '-w', '%{http_code}', `https://edge:${HTTPS}/api/orders?retry=${i}`])).output);
    }
    expect(codes).toEqual(['200', '200', '200', '200']);
    const log = await readFile(join(prefix, 'log', EDGE_ACCESS_LOG.split('/').pop()!), 'utf8');
    expect(log).toMatch(/"uri":"\/api\/orders\?retry=\d","status":200[^\n]*"upstream_addr":"127\.0\.77\.11:8081, 127\.0\.77\.11:8082"/);
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const result = await curl(['-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', `http://edge:${HTTP}/api/orders`]);
    expect(result.output).toBe(`301 https://edge/api/orders`);
  });

  it('logs each request as one JSON object with status and upstream address', async () => {
    await curl([`https://edge:${HTTPS}/api/orders`]);
    const log = await readFile(join(prefix, 'log', EDGE_ACCESS_LOG.split('/').pop()!), 'utf8');
    const entries = log.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const proxied = entries.filter((entry) => entry.uri === '/api/orders' && entry.method === 'GET');
    expect(proxied.length).toBeGreaterThan(0);
    expect(proxied.at(-1)).toMatchObject({ status: 200, upstream_addr: expect.stringMatching(/^127\.0\.77\.11:808[12]/) });
  });

  it('serves stub_status on its local-only port', async () => {
    const result = await runTool('curl', ['-sS', '--max-time', '5', `http://${edge}:18081/nginx_status`]);
    expect(result.output).toContain('Active connections');
  });

  it('passes both blackbox probes of the rendered blackbox.yml, TLS verified by the IP SAN', async () => {
    const config = join(dir, 'blackbox.yml');
    await writeFile(config, renderBlackboxConfig(input).replaceAll('/etc/faultline/ca.crt', caPath));
    const listen = `${TEST_SUBNET}.13:19115`;
    const exporter = execa('prometheus-blackbox-exporter', [`--config.file=${config}`, `--web.listen-address=${listen}`], {
      reject: false,
    });
    try {
      const probe = async (module: string, path: string) => {
        const target = encodeURIComponent(`https://${edge}:${HTTPS}${path}`);
        for (let i = 0; i < 50; i++) {
          const result = await runTool('curl', ['-sS', '--max-time', '5', `http://${listen}/probe?module=${module}&target=${target}`]);
          if (result.exitCode === 0) return result.output;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('blackbox exporter did not answer');
      };
      expect(await probe('https_orders', '/api/orders')).toMatch(/^probe_success 1$/m);
      expect(await probe('https_healthz', '/healthz')).toMatch(/^probe_success 1$/m);
      // and it fails where a client would: the body check on a route that is not the orders API
      expect(await probe('https_orders', '/healthz')).toMatch(/^probe_success 0$/m);
    } finally {
      exporter.kill();
      await exporter;
    }
  });
});
