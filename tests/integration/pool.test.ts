import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson, type CliResult } from '../support/faultline-cli.js';
import { poolStatus, removePoolTestHome, ssh, waitForUnclaimed, type PoolStatusJson } from '../support/pool-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('pool integration tests', skipReason);

interface Env {
  readonly name: string;
  readonly id: string;
  readonly candidate: string;
  readonly phase: string;
  readonly pool?: { pooledAt: string; takenAt?: string; scenario?: string };
  readonly machines: { role: string; leaderPid: number }[];
}

/** Run a command in a machine as host root (what the candidate cannot do), to look at its files. */
async function inMachine(env: Env, role: string, script: string): Promise<string> {
  const leader = env.machines.find((m) => m.role === role)?.leaderPid;
  const result = await execa('nsenter', ['-t', String(leader), '-a', 'sh', '-c', script], { reject: false });
  return String(result.stdout);
}

describe.skipIf(skipReason !== undefined)('pool: warm environments taken by up, refilled, isolated, removed without residue', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-pool-it-'));
  let before: Residue;
  let ada: Env;
  let adaBundle: { sshConfig: string; privateKey: string };

  const status = async (): Promise<PoolStatusJson> => poolStatus(home.env);
  const waitForReady = async (count: number): Promise<PoolStatusJson> => waitForUnclaimed(home.env, count);
  const up = async (scenario: string, candidate: string): Promise<{ result: CliResult; env: Env }> => {
    const result = await faultline(['up', scenario, '--candidate', candidate, '--json'], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    return { result, env: parseJson<{ state: Env }>(result).state };
  };
  const bundle = async (env: Env, dir: string): Promise<{ sshConfig: string; privateKey: string }> => {
    const access = await faultline(['access', env.name, '--out', join(scratch, dir), '--json'], home.env);
    expect(access.exitCode, access.stderr).toBe(0);
    return parseJson<{ files: { sshConfig: string; privateKey: string } }>(access).files;
  };

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    const start = await faultline(['pool', 'start', '--size', '2', '--wait', '--json'], home.env);
    expect(start.exitCode, start.stderr).toBe(0);
  }, 480_000);

  afterAll(() => removePoolTestHome(home, scratch), 300_000);

  it('keeps N environments pooled past the baseline gate, neutrally named, with no access published', async () => {
    const current = await status();
    expect(current.running).toBe(true);
    expect(current.unclaimed).toHaveLength(2);
    for (const name of current.unclaimed) {
      expect(name).toMatch(/^pool-[0-9a-f]{6}$/);
      const state = JSON.parse(await readFile(join(home.home, 'envs', name, 'state.json'), 'utf8')) as Env & { access?: unknown; ownerPid: number };
      expect(state.phase).toBe('pooled');
      expect(state.access).toBeUndefined();
      expect(state.ownerPid).toBe(current.server?.pid);
    }
    const again = await faultline(['pool', 'start', '--size', '1'], home.env);
    expect(again.exitCode).toBe(32);
  });

  it('up takes one, says so, binds a fresh candidate key that works over real ssh, injects and sees the symptom', async () => {
    const pooled = (await status()).unclaimed;
    const pooledKeys = await Promise.all(pooled.map(async (name) => keyBody(await readFile(join(home.home, 'envs', name, 'access', 'candidate', 'id_ed25519.pub'), 'utf8'))));
    const taken = await up('misrouted-service', 'ada');
    ada = taken.env;
    expect(taken.result.stderr).toContain('from pool: took');
    expect(parseJson<{ from: string }>(taken.result).from).toBe('pool');
    expect(pooled).toContain(ada.name);
    expect(ada).toMatchObject({ candidate: 'ada', phase: 'ready' });
    expect(ada.pool?.takenAt).toBeDefined();
    adaBundle = await bundle(ada, 'ada');
    const adaKey = keyBody(await publicKeyOf(adaBundle.privateKey));
    expect(pooledKeys).not.toContain(adaKey);
    const login = await ssh(['-F', adaBundle.sshConfig, 'edge', 'id -un; sudo -n true && echo sudo-ok']);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout.split('\n')).toEqual(['candidate', 'sudo-ok']);
    const timeline = await readFile(join(home.home, 'envs', ada.name, 'timeline.jsonl'), 'utf8');
    const types = timeline.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe('pool.taken');
    expect(types).toContain('fault.inject');
    expect(types).toContain('gate.symptom');
    expect(types).not.toContain('provision.start');
    const check = await faultline(['check', ada.name, '--json'], home.env);
    expect(check.exitCode).toBe(53);
  });

  it('refills in the background after a take', async () => {
    const refilled = await waitForReady(2);
    expect(refilled.unclaimed).toHaveLength(2);
    expect(refilled.unclaimed).not.toContain(ada.name);
    expect(refilled.taken.map((t) => t.name)).toEqual([ada.name]);
  }, 300_000);

  it('a second candidate’s environment has none of the first one’s keys, files, recordings or timeline', async () => {
    const mark = await ssh(['-F', adaBundle.sshConfig, 'edge', 'echo ada-notes > ~/ada-was-here; ls ~/ada-was-here']);
    expect(mark.exitCode, mark.stderr).toBe(0);
    const grace = (await up('baseline', 'grace')).env;
    expect(grace.name).not.toBe(ada.name);
    expect(grace.pool?.takenAt).toBeDefined();
    // Before grace's own first login: no recording at all on grace's machines.
    for (const role of ['edge', 'app', 'store', 'mon']) expect(await inMachine(grace, role, 'ls -A /var/log/faultline/sessions | wc -l')).toBe('0');
    const graceBundle = await bundle(grace, 'grace');
    const look = await ssh(['-F', graceBundle.sshConfig, 'edge', 'ls -A ~']);
    expect(look.exitCode, look.stderr).toBe(0);
    expect(look.stdout).not.toContain('ada-was-here');
    // ada's key does not open grace's environment, and grace's machines authorise only grace's key.
    const graceConfigText = await readFile(graceBundle.sshConfig, 'utf8');
    const withAdaKey = join(scratch, 'grace-with-ada-key');
    await execa('sh', ['-c', `cat > ${withAdaKey}`], { input: graceConfigText.replaceAll(graceBundle.privateKey, adaBundle.privateKey) });
    const intruder = await ssh(['-F', withAdaKey, 'edge', 'true']);
    expect(intruder.exitCode).toBe(255);
    const adaPub = keyBody(await publicKeyOf(adaBundle.privateKey));
    for (const role of ['edge', 'app', 'store', 'mon']) {
      expect(await inMachine(grace, role, 'cat /etc/ssh/authorized_keys/candidate')).not.toContain(adaPub);
    }
    const timeline = await readFile(join(home.home, 'envs', grace.name, 'timeline.jsonl'), 'utf8');
    expect(timeline).not.toContain(ada.name);
    expect(timeline).not.toContain('for ada');
    expect(timeline).toContain('for grace');
  });

  it('two concurrent ups never take the same environment', async () => {
    await waitForReady(2);
    const [one, two] = await Promise.all([up('baseline', 'lin'), up('baseline', 'hopper')]);
    expect(one.result.stderr).toContain('from pool');
    expect(two.result.stderr).toContain('from pool');
    expect(one.env.name).not.toBe(two.env.name);
    const taken = (await status()).taken.map((t) => t.name);
    expect(new Set(taken).size).toBe(taken.length);
  }, 300_000);

  it('pool stop destroys the unclaimed environments; with the taken ones downed nothing is left', async () => {
    const stop = await faultline(['pool', 'stop', '--json'], home.env);
    expect(stop.exitCode, stop.stderr).toBe(0);
    const after = await status();
    expect(after.running).toBe(false);
    expect(after.unclaimed).toEqual([]);
    expect(after.filling).toEqual([]);
    expect(after.taken).toHaveLength(4);
    expect((await faultline(['down', '--all', '--wait'], home.env)).exitCode).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
  }, 300_000);

  it('kill -9 of the pool server, then gc, leaves nothing behind', async () => {
    const start = await faultline(['pool', 'start', '--size', '1', '--wait', '--json'], home.env);
    expect(start.exitCode, start.stderr).toBe(0);
    const pid = parseJson<{ server: { pid: number } }>(start).server.pid;
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stale = await status();
    expect(stale.running).toBe(false);
    const gc = await faultline(['gc', '--json'], home.env);
    expect(gc.exitCode, gc.stderr).toBe(0);
    expect(parseJson<{ environments: string[] }>(gc).environments).toEqual(stale.unclaimed);
    expect((await status()).unclaimed).toEqual([]);
    expect(await snapshotResidue(home.home)).toEqual(before);
  }, 300_000);
});

/** The public half of the key the candidate holds, derived from the bundle's private key (`ssh-keygen -y`). */
async function publicKeyOf(privateKey: string): Promise<string> {
  const derived = await execa('ssh-keygen', ['-y', '-f', privateKey]);
  return derived.stdout;
}

/** The base64 body of an OpenSSH public key line (type and comment dropped). */
function keyBody(line: string): string {
  const body = line.trim().split(/\s+/)[1];
  if (!body) throw new Error(`not an OpenSSH public key: ${JSON.stringify(line)}`);
  return body;
}
