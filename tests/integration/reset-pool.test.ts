import { existsSync, mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson, type CliResult } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { poolStatus, removePoolTestHome, ssh, waitForUnclaimed } from '../support/pool-cli.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { waitFor } from '../../src/utils/wait-for.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('reset-from-pool integration tests', skipReason);

interface Env {
  readonly name: string;
  readonly id: string;
  readonly candidate: string;
  readonly seed: number;
  readonly phase: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly faults: { id: string; params: { instance: number; dropIn: string; traceFile: string } }[];
  readonly pool?: { pooledAt: string; takenAt?: string };
  readonly previousNames?: string[];
  readonly access?: { port: number };
  readonly machines: { role: string; leaderPid: number }[];
}

interface ResetJson {
  readonly from: string;
  readonly environment: string;
  readonly previousEnvironment?: string;
  readonly state: Env;
}

const CHECK_NOT_FIXED = 53;
const SEED = 4242;

/** As host root in a machine (what the candidate cannot forge): the deleted files `orders@N` holds open on the data volume. */
async function deletedOpenFiles(env: Env): Promise<string> {
  const leader = env.machines.find((m) => m.role === 'app')?.leaderPid;
  const result = await execa('nsenter', ['-t', String(leader), '-a', 'sh', '-c', "find /proc/[0-9]*/fd -lname '/var/lib/orders/*(deleted)' 2>/dev/null | wc -l"], { reject: false });
  return String(result.stdout).trim();
}

describe.skipIf(skipReason !== undefined)('reset from a warm pool: the fault (a deleted file held open) comes back exactly, the record survives', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-reset-pool-it-'));
  let before: Residue;
  let old: Env;
  let oldBundle: string;
  let reset: { result: CliResult; json: ResetJson };

  const bundle = async (name: string, dir: string): Promise<string> => {
    const access = await faultline(['access', name, '--out', join(scratch, dir), '--json'], home.env);
    expect(access.exitCode, access.stderr).toBe(0);
    return parseJson<{ files: { sshConfig: string } }>(access).files.sshConfig;
  };
  const checkExit = async (name: string): Promise<number> => (await faultline(['check', name, '--json'], home.env)).exitCode;

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    // A cold up (so it does not take the pool's environment), and a warm pool of one filling beside it.
    const [up, start] = await Promise.all([
      faultline(['up', 'disk-pressure', '--candidate', 'ada', '--seed', String(SEED), '--cold', '--json'], home.env),
      faultline(['pool', 'start', '--size', '1', '--wait', '--json'], home.env),
    ]);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(start.exitCode, start.stderr).toBe(0);
    old = parseJson<{ state: Env }>(up).state;
    oldBundle = await bundle(old.name, 'old');
  }, 600_000);

  afterAll(() => removePoolTestHome(home, scratch), 300_000);

  it('the candidate fixes the fault over ssh; the interviewer notes and votes', async () => {
    expect(old.faults.map((f) => f.id)).toEqual(['disk-pressure']);
    expect(Number(await deletedOpenFiles(old))).toBeGreaterThan(0);
    const { instance, dropIn } = old.faults[0]?.params ?? { instance: 0, dropIn: '' };
    const fix = `sudo -n rm -f /etc/systemd/system/orders@${instance}.service.d/${dropIn} && sudo -n systemctl daemon-reload && sudo -n systemctl restart orders@${instance} && touch ~/ada-was-here`;
    const fixed = await ssh(['-F', oldBundle, 'app', fix]);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    let exit = await checkExit(old.name);
    for (let i = 0; i < 30 && exit !== 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      exit = await checkExit(old.name);
    }
    expect(exit).toBe(0);
    expect(await deletedOpenFiles(old)).toBe('0');
    expect((await faultline(['note', old.name, 'found the deleted trace log with lsof +L1', '--by', 'lee'], home.env)).exitCode).toBe(0);
    expect((await faultline(['vote', old.name, '+1', '--panelist', 'lee'], home.env)).exitCode).toBe(0);
  }, 300_000);

  it('reset takes the warm pooled environment, says so, and keeps candidate, seed, fault params and expiry', async () => {
    const warm = (await poolStatus(home.env)).unclaimed;
    expect(warm).toHaveLength(1);
    const result = await faultline(['reset', old.name, '--json'], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    reset = { result, json: parseJson<ResetJson>(result) };
    expect(result.stderr).toContain(`reset from pool: took ${warm[0]}`);
    expect(reset.json).toMatchObject({ from: 'pool', environment: warm[0], previousEnvironment: old.name });
    const fresh = reset.json.state;
    expect(fresh.name).not.toBe(old.name);
    expect(fresh).toMatchObject({ candidate: 'ada', seed: SEED, phase: 'ready', createdAt: old.createdAt, expiresAt: old.expiresAt, previousNames: [old.name] });
    expect(fresh.faults).toEqual(old.faults);
    expect(fresh.pool?.takenAt).toBeDefined();
    expect(fresh.access?.port).toBeDefined();
  }, 600_000);

  it('the fault is back exactly: the deleted file is held open again and check says not fixed', async () => {
    const fresh = reset.json.state;
    expect(Number(await deletedOpenFiles(fresh))).toBeGreaterThan(0);
    expect(await checkExit(fresh.name)).toBe(CHECK_NOT_FIXED);
    const sshConfig = await bundle(fresh.name, 'fresh');
    const look = await ssh(['-F', sshConfig, 'app', `ls -A ~; sudo -n test -f /etc/systemd/system/orders@${fresh.faults[0]?.params.instance}.service.d/${fresh.faults[0]?.params.dropIn} && echo drop-in-back`]);
    expect(look.exitCode, look.stderr).toBe(0);
    expect(look.stdout).not.toContain('ada-was-here');
    expect(look.stdout).toContain('drop-in-back');
    // The bundle handed out before the reset opens nothing any more.
    expect((await ssh(['-F', oldBundle, 'edge', 'true'])).exitCode).toBe(255);
  }, 300_000);

  it('the old environment is gone with nothing left behind, and its name still finds the new one', async () => {
    // The replaced environment is torn down in the background (as a plain `down` does): wait for it, bounded.
    const gone = await waitFor(async () => !existsSync(join(home.home, 'envs', old.name)), { timeoutMs: 120_000, intervalMs: 250 });
    expect(gone, `${old.name} still has a directory 120 s after the reset`).toBe(true);
    const residue = await snapshotResidue(home.home);
    const leftOfOld = Object.values(residue).flat().filter((entry: string) => entry.includes(old.id));
    expect(leftOfOld).toEqual([]);
    for (const machine of old.machines) expect(existsSync(`/proc/${machine.leaderPid}`)).toBe(false);
    const status = await faultline(['status', old.name, '--json'], home.env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(reset.json.environment);
    const note = await faultline(['note', old.name, 'after the reset', '--json'], home.env);
    expect(parseJson<{ environment: string }>(note).environment).toBe(reset.json.environment);
  }, 120_000);

  it('the timeline, notes, votes and session recordings of the session so far survived into the new environment', async () => {
    const dir = join(home.home, 'envs', reset.json.environment);
    const events = (await readFile(join(dir, 'timeline.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message: string; data?: Record<string, unknown> });
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'ready')).toHaveLength(2);
    expect(events.find((event) => event.type === 'note')?.data?.text).toBe('found the deleted trace log with lsof +L1');
    expect(types).toContain('vote');
    expect(types).toContain('session.start');
    expect(events.find((event) => event.type === 'reset')?.data).toMatchObject({ seed: SEED, from: 'pool', into: reset.json.environment });
    // The old attempt first, then the new one: the last ready is the new environment's.
    expect(types.indexOf('pool.taken')).toBeGreaterThan(types.indexOf('vote'));
    const casts = (await readdir(join(dir, 'sessions'))).filter((file) => file.endsWith('.cast'));
    expect(casts.length).toBeGreaterThan(0);
    const report = await faultline(['report', old.name], home.env);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain('found the deleted trace log');
  }, 120_000);

  it('with no pooled environment left, reset says so and rebuilds in place (same name)', async () => {
    expect((await faultline(['pool', 'stop'], home.env)).exitCode).toBe(0);
    const result = await faultline(['reset', reset.json.environment, '--json'], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('reset by rebuild: no pooled environment fits');
    const json = parseJson<ResetJson>(result);
    expect(json).toMatchObject({ from: 'cold', environment: reset.json.environment });
    expect(json.previousEnvironment).toBeUndefined();
    expect(json.state.faults).toEqual(old.faults);
    expect(Number(await deletedOpenFiles(json.state))).toBeGreaterThan(0);
  }, 600_000);

  it('down leaves nothing behind', async () => {
    expect((await faultline(['down', '--all', '--wait'], home.env)).exitCode).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
  }, 300_000);
});
