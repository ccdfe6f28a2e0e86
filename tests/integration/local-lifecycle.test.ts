import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('local lifecycle integration tests', skipReason);

interface UpJson {
  environment: string;
  state: { name: string; id: string; phase: string; subnet: string; machines: { role: string; address: string }[] };
}

/** GET over TLS from the host, verifying the edge certificate against the environment's CA. */
function getTls(address: string, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: 443, path, ca, servername: 'edge', timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function getHttp(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(skipReason !== undefined)('local target: up → probe → down leaves nothing behind', () => {
  const home = createTestHome();
  let before: Residue;
  let env: UpJson['state'];

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    const result = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    const up = parseJson<UpJson>(result);
    expect(up.environment).toBe(up.state.name);
    env = up.state;
  });

  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    home.remove();
  });

  it('names the environment after scenario, candidate and a short id, and reports it ready', () => {
    expect(env.name).toMatch(/^baseline-ada-[0-9a-f]{6}$/);
    expect(env.phase).toBe('ready');
    expect(env.machines.map((m) => m.role).sort()).toEqual(['app', 'edge', 'mon', 'store']);
  });

  it('serves a real orders response through the edge over TLS, verified against the per-environment CA', async () => {
    const ca = await readFile(join(home.home, 'envs', env.name, 'pki', 'ca.crt'), 'utf8');
    const edge = env.machines.find((m) => m.role === 'edge')!;
    const response = await getTls(edge.address, '/api/orders', ca);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ service: 'orders' });
    await expect(getTls(edge.address, '/api/orders', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).rejects.toThrow();
  });

  it('has Prometheus scraping every target as up, and a reachable Alertmanager', async () => {
    const mon = env.machines.find((m) => m.role === 'mon')!;
    const targets = JSON.parse((await getHttp(`http://${mon.address}:9090/api/v1/targets`)).body) as {
      data: { activeTargets: { labels: { job: string }; health: string }[] };
    };
    const jobs = new Set(targets.data.activeTargets.map((t) => t.labels.job));
    expect([...jobs]).toEqual(expect.arrayContaining(['node', 'orders', 'etcd', 'blackbox-edge', 'alertmanager']));
    expect(targets.data.activeTargets.filter((t) => t.health !== 'up')).toEqual([]);
    expect((await getHttp(`http://${mon.address}:9093/-/ready`)).status).toBe(200);
  });

  it('gives machines no route out of the environment', async () => {
    const result = await faultline(['status', env.name, '--json'], home.env);
    expect(result.exitCode).toBe(0);
    const { execa } = await import('execa');
    const state = JSON.parse(await readFile(join(home.home, 'envs', env.name, 'state.json'), 'utf8')) as { machines: { role: string; leaderPid: number }[] };
    const app = state.machines.find((m) => m.role === 'app')!;
    const routes = await execa('nsenter', ['-t', String(app.leaderPid), '-a', 'ip', '-4', 'route'], { reject: false });
    expect(routes.stdout).not.toContain('default');
    const host = await execa('nsenter', ['-t', String(app.leaderPid), '-a', 'curl', '-sS', '-m', '2', `http://${env.subnet}.1:1/`], { reject: false });
    expect(host.exitCode).not.toBe(0);
  });

  it('lists the environment in ls and status, in text and versioned JSON', async () => {
    const ls = parseJson<{ version: number; states: { name: string }[] }>(await faultline(['ls', '--json'], home.env));
    expect(ls.version).toBe(1);
    expect(ls.states.map((e) => e.name)).toContain(env.name);
    const status = await faultline(['status', env.name], home.env);
    expect(status.stdout).toMatch(/MACHINE\s+ROLE\s+ADDRESS\s+STATE/);
    expect(status.stdout).toContain(`${env.name}: ready`);
  });

  it('gc run from another FAULTLINE_HOME leaves this live environment alone', async () => {
    const other = createTestHome();
    try {
      const gc = await faultline(['gc', '--json'], other.env);
      expect(parseJson<{ environments: string[]; objects: string[] }>(gc)).toMatchObject({ environments: [], objects: [] });
      const status = parseJson<{ machines: { state: string }[] }>(await faultline(['status', env.name, '--json'], home.env));
      expect(status.machines.map((m) => m.state)).toEqual(['running', 'running', 'running', 'running']);
    } finally {
      other.remove();
    }
  });

  it('down removes every machine, process, mount, link, rule and cgroup, and a second down is a no-op', async () => {
    const down = await faultline(['down', env.name, '--wait'], home.env);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
    const again = await faultline(['down', env.name, '--wait'], home.env);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already down');
  });
});

describe.skipIf(skipReason !== undefined)('local target: failures clean up', () => {
  const home = createTestHome();
  afterAll(() => home.remove());

  it('a failed up (broken edge config) prints the unit journal, exits 51 and removes everything it created', async () => {
    const before = await snapshotResidue(home.home);
    const result = await faultline(['up', 'baseline', '--candidate', 'bob'], { ...home.env, FAULTLINE_TEST_BREAK: 'edge-config' });
    expect(result.exitCode).toBe(51);
    expect(result.stderr).toContain('did not reach a healthy baseline');
    expect(result.stderr).toMatch(/journalctl -u nginx\.service/);
    expect(await snapshotResidue(home.home)).toEqual(before);
    const ls = parseJson<{ states: { phase: string; failure?: { step: string } }[] }>(await faultline(['ls', '--json'], home.env));
    expect(ls.states.map((e) => [e.phase, e.failure?.step])).toEqual([['failed', 'baseline gate']]);
  });

  it('kill -9 during up, then gc, leaves nothing behind', async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    const before = await snapshotResidue(home.home);
    const { execa } = await import('execa');
    const { BIN } = await import('../support/faultline-cli.js');
    const child = execa('node', [BIN, 'up', 'baseline', '--candidate', 'carol'], { env: home.env, reject: false });
    // Wait until machines are running (state records their leaders), then kill the orchestrator.
    const { waitFor } = await import('../../src/utils/wait-for.js');
    const booted = await waitFor(
      async () => {
        const states = parseJson<{ states: { machines: { leaderPid?: number }[] }[] }>(await faultline(['ls', '--json'], home.env));
        return states.states[0]?.machines.every((m) => m.leaderPid !== undefined);
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(booted).toBe(true);
    child.kill('SIGKILL');
    await child;
    const stale = parseJson<{ stale: string[]; states: { name: string }[] }>(await faultline(['ls', '--json'], home.env));
    expect(stale.stale).toEqual(stale.states.map((e) => e.name));
    expect((await faultline(['ls'], home.env)).stdout).toMatch(/stale: (\S+) was left .*owner process \d+ is gone\. Run `faultline gc \1` to remove it/);
    expect((await snapshotResidue(home.home)).processes.length).toBeGreaterThan(0);
    const gc = await faultline(['gc'], home.env);
    expect(gc.exitCode, gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/removed/);
    expect(await snapshotResidue(home.home)).toEqual(before);
    expect(parseJson<{ states: unknown[] }>(await faultline(['ls', '--json'], home.env)).states).toEqual([]);
  });

  it('gc also removes host objects that carry faultline names but have no state', async () => {
    const before = await snapshotResidue(home.home);
    const { execa } = await import('execa');
    await execa('ip', ['link', 'add', 'flb-abcdef', 'type', 'bridge']);
    await execa('iptables', ['-w', '-I', 'FORWARD', '-i', 'flb-abcdef', '-m', 'comment', '--comment', 'faultline:abcdef', '-j', 'DROP']);
    const gc = await faultline(['gc', '--json'], home.env);
    expect(parseJson<{ objects: string[] }>(gc).objects).toEqual(expect.arrayContaining(['iptables rules faultline:abcdef', 'bridge flb-abcdef']));
    expect(await snapshotResidue(home.home)).toEqual(before);
  });

  it('gc --dry-run lists orphans and removes nothing; gc <env> removes only that environment’s', async () => {
    const before = await snapshotResidue(home.home);
    const { execa } = await import('execa');
    for (const id of ['abcde7', 'abcde8']) await execa('ip', ['link', 'add', `flb-${id}`, 'type', 'bridge']);
    const links = async (): Promise<string> => (await execa('ip', ['-o', 'link', 'show'])).stdout;
    const dry = await faultline(['gc', '--dry-run', '--json'], home.env);
    expect(parseJson<{ dryRun: boolean; objects: string[] }>(dry)).toMatchObject({ dryRun: true, objects: expect.arrayContaining(['bridge flb-abcde7', 'bridge flb-abcde8']) });
    expect(await links()).toContain('flb-abcde7');
    expect(await links()).toContain('flb-abcde8');
    const scoped = await faultline(['gc', 'baseline-zoe-abcde7'], home.env);
    expect(scoped.stdout).toContain('removed bridge flb-abcde7');
    expect(scoped.stdout).not.toContain('abcde8');
    expect(await links()).not.toContain('flb-abcde7');
    expect(await links()).toContain('flb-abcde8');
    expect((await faultline(['gc', 'abcde8'], home.env)).stdout).toContain('removed bridge flb-abcde8');
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});

describe.skipIf(skipReason !== undefined)('local target: concurrent ups', () => {
  const home = createTestHome();
  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    home.remove();
  });

  it('four ups at the same time get distinct ids, names, subnets, machines and SSH ports, and all come up healthy', async () => {
    const before = await snapshotResidue(home.home);
    const candidates = ['dana', 'eve', 'frank', 'gina'];
    const results = await Promise.all(candidates.map((c) => faultline(['up', 'baseline', '--candidate', c, '--json'], home.env)));
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    type Env = { id: string; name: string; subnet: string; machines: { name: string }[]; access?: { port: number } };
    const envs = results.map((r) => parseJson<{ state: Env }>(r).state);
    expect(new Set(envs.map((e) => e.id)).size).toBe(4);
    expect(new Set(envs.map((e) => e.name)).size).toBe(4);
    expect(new Set(envs.map((e) => e.subnet)).size).toBe(4);
    expect(new Set(envs.flatMap((e) => e.machines.map((m) => m.name))).size).toBe(16);
    const ports = envs.map((e) => e.access?.port);
    expect(ports.every((p) => p !== undefined)).toBe(true);
    expect(new Set(ports).size).toBe(4);
    expect((await faultline(['down', '--all', '--wait'], home.env)).exitCode).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});
