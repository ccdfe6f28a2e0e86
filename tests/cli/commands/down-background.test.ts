import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { envelopeSchema } from '../../../src/cli/envelope.js';
import type { EnvState } from '../../../src/schema/state.js';
import { isRunning, processStartTicks } from '../../../src/utils/process-identity.js';
import { waitFor } from '../../../src/utils/wait-for.js';
import { BIN, faultline, parseJson } from '../../support/faultline-cli.js';
import { writeFakeEnv } from '../../engine/fixtures/fake-env.js';

const home = mkdtempSync(join(tmpdir(), 'fl-down-bg-'));
const env = { FAULTLINE_HOME: home };
const sleepers: ChildProcess[] = [];
afterAll(() => {
  for (const sleeper of sleepers) sleeper.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

interface DownJson {
  removed: string[];
  background?: { name: string; pid: number; log?: string }[];
  note?: string;
}

async function downJson(args: readonly string[]): Promise<DownJson> {
  const result = await faultline(['down', ...args, '--json'], env);
  expect(result.exitCode, result.stderr).toBe(0);
  const doc = parseJson<DownJson>(result);
  expect(envelopeSchema.safeParse(doc).success).toBe(true);
  return doc;
}

const gone = (dir: string): Promise<boolean | undefined> => waitFor(async () => !existsSync(dir), { timeoutMs: 60_000, intervalMs: 100 });

/** A fake environment in phase destroying whose owner is `pid` (with its real start time, or a made-up one for a dead pid). */
function destroyingEnv(pid: number): { state: EnvState; dir: string } {
  const { state, dir } = writeFakeEnv(home);
  const owned = { ...state, phase: 'destroying' as const, ownerPid: pid, ownerStart: processStartTicks(pid) ?? 1 };
  writeFileSync(join(dir, 'state.json'), `${JSON.stringify(owned, null, 2)}\n`);
  return { state: owned, dir };
}

function startSleeper(): number {
  const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
  sleepers.push(sleeper);
  if (sleeper.pid === undefined) throw new Error('could not start sleep');
  return sleeper.pid;
}

describe('faultline down', () => {
  it('returns before the teardown is done, naming the detached process and its log; that process removes the environment', async () => {
    const { state, dir } = writeFakeEnv(home);
    const doc = await downJson([state.name]);
    expect(doc.removed).toEqual([state.name]);
    const [started] = doc.background ?? [];
    expect(started).toMatchObject({ name: state.name, pid: expect.any(Number), log: join(home, 'logs', `down-${state.name}.log`) });
    expect(started?.pid).not.toBe(process.pid);
    expect(await gone(dir)).toBe(true);
    expect(await waitFor(async () => !isRunning({ pid: started!.pid }), { timeoutMs: 30_000 })).toBe(true);
    expect(readFileSync(started!.log!, 'utf8')).toContain(`removed ${state.name}`);
  });

  it('--wait removes it in the foreground, with no background process', async () => {
    const { state, dir } = writeFakeEnv(home);
    const doc = await downJson([state.name, '--wait']);
    expect(doc).toEqual({ version: 1, ok: true, removed: [state.name] });
    expect(existsSync(dir)).toBe(false);
  });

  it('takes several environments and names the missing ones without failing', async () => {
    const a = writeFakeEnv(home);
    const b = writeFakeEnv(home);
    const doc = await downJson([a.state.name, 'nope', b.state.name]);
    expect(doc.removed).toEqual([a.state.name, b.state.name]);
    expect(doc.note).toBe('no environment nope');
    // One detached process tears both down.
    expect(new Set(doc.background?.map((t) => t.pid)).size).toBe(1);
    expect(await gone(a.dir)).toBe(true);
    expect(await gone(b.dir)).toBe(true);
  });

  it('starts no second teardown while another live process tears the environment down; --wait waits for it, then finishes', async () => {
    const owner = startSleeper();
    const { state, dir } = destroyingEnv(owner);
    const doc = await downJson([state.name]);
    expect(doc.background).toEqual([{ name: state.name, pid: owner }]);
    const text = await faultline(['down', state.name], env);
    expect(text.stdout).toContain(`already: process ${owner} is removing it`);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ phase: 'destroying', ownerPid: owner });

    const waiting = execa('node', [BIN, 'down', state.name, '--wait'], { env, reject: false });
    let stderr = '';
    waiting.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await waitFor(async () => stderr.includes(`waiting for process ${owner}, which is removing ${state.name}`), { timeoutMs: 30_000, intervalMs: 50 })).toBe(true);
    expect(waiting.exitCode).toBeNull();
    expect(existsSync(dir)).toBe(true);
    process.kill(owner, 'SIGKILL');
    const result = await waiting;
    expect(result.exitCode, stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('finishes a teardown whose process died (down --wait), and a plain down starts a new one', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    const first = destroyingEnv(dead.pid!);
    const ls = parseJson<{ stale: string[] }>(await faultline(['ls', '--json'], env));
    expect(ls.stale).toContain(first.state.name);
    expect((await downJson([first.state.name, '--wait'])).removed).toEqual([first.state.name]);
    expect(existsSync(first.dir)).toBe(false);
    const second = destroyingEnv(dead.pid!);
    expect((await downJson([second.state.name])).background?.[0]?.log).toBeDefined();
    expect(await gone(second.dir)).toBe(true);
  });

  it('refuses no names, and names together with --all, as usage errors', async () => {
    expect((await faultline(['down'], env)).exitCode).toBe(2);
    const both = await faultline(['down', 'x', '--all'], env);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('not both');
  });

  it('--all hands every environment to one background teardown, and --all --wait with none left is a no-op', async () => {
    const a = writeFakeEnv(home);
    const b = writeFakeEnv(home);
    const doc = await downJson(['--all']);
    expect(doc.removed.sort()).toEqual([a.state.name, b.state.name].sort());
    expect(await gone(a.dir)).toBe(true);
    expect(await gone(b.dir)).toBe(true);
    expect(await downJson(['--all', '--wait'])).toEqual({ version: 1, ok: true, removed: [] });
  });
});
