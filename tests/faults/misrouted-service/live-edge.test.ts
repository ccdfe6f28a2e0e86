import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeOrdersResponse, type EdgeResponse } from '../../../faults/misrouted-service/host/edge-sample.js';
import type { MisroutedInstance } from '../../../faults/misrouted-service/host/params.js';
import {
  brokenPortSwaps,
  findUpstreamProblems,
  invertPortSwaps,
  listUpstreamServers,
  swapUpstreamPorts,
} from '../../../faults/misrouted-service/host/upstream-block.js';
import { renderNginxSite } from '../../../src/stack/render/nginx.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { makeStackInput, makeTempDir, TEST_SUBNET } from '../../stack/stack-fixture.js';

/** Debian's compiled-in prefix (modules-enabled paths are relative to it). */
const NGINX_PREFIX = '/usr/share/nginx/';
const EDGE = `${TEST_SUBNET}.10`;
const APP = `${TEST_SUBNET}.11`;
const SAMPLE = 20;

/**
 * The rendered edge site with the fault's upstream edits, served by real
 * nginx inside a network namespace this test creates, in front of stand-ins
 * for orders@1/@2, node-exporter (9100) and sshd (22) on the app address.
 * Proves the symptom the scenario promises: wrong answers reach clients
 * (nginx retries only connection errors, so a closed port shows only when
 * both instances point at one).
 */
describe('the misrouted upstream, served by nginx', () => {
  const ns = `flt-edge-${process.pid}`;
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;
  let caPath: string;
  let conf: string;
  let sitePath: string;
  let root: string;
  let backends: ResultPromise | undefined;
  const inNs = (file: string, args: readonly string[]) => execa('ip', ['netns', 'exec', ns, file, ...args], { reject: false, all: true });

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('misrouted'));
    const made = await makeStackInput(dir);
    input = made.input;
    caPath = made.pki.ca.certPath;
    root = join(dir, 'root');
    await cp('/etc/nginx', join(root, 'etc/nginx'), { recursive: true, verbatimSymlinks: true });
    await mkdir(join(root, 'log'), { recursive: true });
    await mkdir(join(root, 'tls'), { recursive: true });
    await writeFile(join(root, 'tls/edge.crt'), input.pki.edgeCertPem);
    await writeFile(join(root, 'tls/edge.key'), input.pki.edgeKeyPem, { mode: 0o600 });
    conf = join(root, 'etc/nginx/nginx.conf');
    sitePath = join(root, 'etc/nginx/conf.d/orders.conf');
    await writeFile(join(root, 'etc/nginx/sites-enabled/default'), '# disabled\n').catch(() => undefined);
    await writeFile(conf, relocate(await readFile(conf, 'utf8')));

    await execa('ip', ['netns', 'add', ns]);
    await execa('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    backends = execa('ip', ['netns', 'exec', ns, 'node', '-e', backendScript(APP)], { reject: false });
    for (let i = 0; i < 50; i++) {
      const probe = await inNs('curl', ['-s', `http://${APP}:8082/`]);
      if (probe.stdout.includes('orders')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await inNs('nginx', ['-c', conf, '-p', NGINX_PREFIX, '-s', 'stop']);
    backends?.kill();
    await backends;
    await execa('ip', ['netns', 'del', ns], { reject: false });
    await cleanup();
  });

  function relocate(text: string): string {
    return text
      .replaceAll('/etc/nginx/tls/', `${root}/tls/`)
      .replaceAll('/etc/nginx/', `${root}/etc/nginx/`)
      .replaceAll('/var/log/nginx/', `${root}/log/`)
      .replaceAll('/run/nginx.pid', `${root}/nginx.pid`);
  }

  /** Write the site, (re)start nginx on it, and send SAMPLE requests through the edge. */
  async function serveAndSample(site: string): Promise<EdgeResponse[]> {
    await inNs('nginx', ['-c', conf, '-p', NGINX_PREFIX, '-s', 'stop']);
    for (let i = 0; i < 50; i++) {
      if ((await inNs('pgrep', ['-f', `nginx: master process nginx -c ${conf}`])).exitCode !== 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await writeFile(sitePath, relocate(site).replace(/listen \[::\]:\d+[^\n]*\n/g, ''));
    const test = await inNs('nginx', ['-t', '-c', conf, '-p', NGINX_PREFIX]);
    expect(test.all, 'nginx -t').toContain('test is successful');
    const started = await inNs('nginx', ['-c', conf, '-p', NGINX_PREFIX]);
    expect(started.exitCode, started.all).toBe(0);
    const responses: EdgeResponse[] = [];
    for (let i = 0; i < SAMPLE; i++) {
      const r = await inNs('curl', [
        '-sS', '--max-time', '5', '--cacert', caPath, '--resolve', `edge:443:${EDGE}`,
        '-w', '\n%{http_code}\n%{content_type}', 'https://edge/api/orders?limit=1',
      ]);
      const lines = r.stdout.split('\n');
      const contentType = lines.pop() ?? '';
      const status = Number(lines.pop()) || 0;
      const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
      responses.push(judgeOrdersResponse(status, lines.join('\n'), headers));
    }
    return responses;
  }

  const instancesOf = (responses: readonly EdgeResponse[]) => [...new Set(responses.flatMap((r) => (r.ok && r.instance ? [r.instance] : [])))].sort();

  it('the healthy site answers every request from orders, both instances', async () => {
    const responses = await serveAndSample(renderNginxSite(input));
    expect(responses.filter((r) => !r.ok)).toEqual([]);
    expect(instancesOf(responses)).toEqual(['app-1', 'app-2']);
  });

  const cases: { instance: MisroutedInstance; wrongPort: number; expectBad: RegExp; minBad: number; maxBad: number }[] = [
    { instance: 2, wrongPort: 9100, expectBad: /^404 text\/plain/, minBad: 5, maxBad: 15 },
    // sshd's banner is not HTTP: nginx relays it as an HTTP/0.9 answer, which clients reject outright.
    { instance: 1, wrongPort: 22, expectBad: /^0 /, minBad: 5, maxBad: 15 },
    { instance: 'both', wrongPort: 9100, expectBad: /^502 /, minBad: SAMPLE, maxBad: SAMPLE },
  ];

  it.each(cases)('instance $instance on port $wrongPort: clients get wrong answers, and verify sees the bad upstream', async ({ instance, wrongPort, expectBad, minBad, maxBad }) => {
    const healthy = renderNginxSite(input);
    const swaps = brokenPortSwaps({ instance, wrongPort });
    const broken = swapUpstreamPorts(healthy, swaps);
    const responses = await serveAndSample(broken);
    const bad = responses.filter((r) => !r.ok);
    expect(bad.length).toBeGreaterThanOrEqual(minBad);
    expect(bad.length).toBeLessThanOrEqual(maxBad);
    for (const r of bad) expect(r.summary).toMatch(expectBad);

    const dump = await inNs('nginx', ['-T', '-c', conf, '-p', NGINX_PREFIX]);
    const servers = listUpstreamServers(dump.stdout);
    expect(servers).toBeDefined();
    expect(findUpstreamProblems(servers ?? [], ['app', APP]).length).toBeGreaterThan(0);

    const restored = swapUpstreamPorts(broken, invertPortSwaps(swaps));
    expect(restored).toBe(healthy);
    const after = await serveAndSample(restored);
    expect(after.filter((r) => !r.ok)).toEqual([]);
    const fixedDump = await inNs('nginx', ['-T', '-c', conf, '-p', NGINX_PREFIX]);
    expect(findUpstreamProblems(listUpstreamServers(fixedDump.stdout) ?? [], ['app', APP])).toEqual([]);
  });
});

/** orders@1/@2 stand-ins, a node-exporter stand-in (404 text/plain off its paths) and an sshd stand-in (banner, then silence). */
function backendScript(app: string): string {
  return `
const http = require('node:http');
const net = require('node:net');
for (const [i, port] of [[1, 8081], [2, 8082]]) {
  http.createServer((q, s) => {
    s.setHeader('content-type', 'application/json');
    s.setHeader('x-orders-instance', 'app-' + i);
    s.end(JSON.stringify({ service: 'orders', instance: 'app-' + i, count: 0, orders: [] }));
  }).listen(port, '${app}');
}
http.createServer((q, s) => { s.statusCode = 404; s.setHeader('content-type', 'text/plain; charset=utf-8'); s.end('404 page not found\\n'); }).listen(9100, '${app}');
net.createServer((c) => { c.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n'); c.on('data', () => c.end()); }).listen(22, '${app}');
setInterval(() => {}, 1000);
`;
}
