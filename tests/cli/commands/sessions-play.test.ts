import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAsciicast } from '../../../src/access/asciicast.js';
import type { SessionMeta } from '../../../src/access/session-meta.js';
import type { EnvState } from '../../../src/schema/state.js';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeAccessEnv } from './access-env.js';

let root: string;
let home: string;

/** A session as the host keeps it after collection: raw meta plus the converted cast. */
async function writeCollectedSession(state: EnvState, meta: Partial<SessionMeta> & { id: string; machine: string }, events: [number, 'o' | 'i', string][]): Promise<void> {
  const dir = join(home, 'envs', state.name, 'sessions');
  await mkdir(join(dir, 'raw', meta.machine), { recursive: true });
  const full: SessionMeta = {
    version: 1,
    user: 'candidate',
    clientIp: '10.254.251.1',
    clientPort: '50000',
    mode: 'tty',
    command: null,
    term: 'xterm',
    cols: 80,
    rows: 24,
    started: '2025-03-04T10:05:00.000Z',
    ended: '2025-03-04T10:06:00.000Z',
    exitStatus: 0,
    ...meta,
  };
  await writeFile(join(dir, 'raw', meta.machine, `${meta.id}.meta.json`), JSON.stringify(full));
  await writeFile(join(dir, `${meta.id}.cast`), formatAsciicast({ header: { version: 2, width: 80, height: 24 }, events }));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'faultline-sessions-cli-'));
  home = join(root, 'home');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('faultline sessions', () => {
  it('lists what was collected, oldest first, when the machines are not running', async () => {
    const state = await writeAccessEnv(home);
    await writeCollectedSession(state, { id: 's2-app', machine: 'app', started: '2025-03-04T10:07:00.000Z' }, [[0.1, 'o', 'two\r\n']]);
    await writeCollectedSession(state, { id: 's1-edge', machine: 'edge', mode: 'command', command: 'uptime' }, [[0, 'o', 'up\r\n']]);
    const json = parseJson<{ collected: boolean; sessions: { id: string; machine: string }[] }>(await faultline(['sessions', state.name, '--json'], { FAULTLINE_HOME: home }));
    expect(json.collected).toBe(false);
    expect(json.sessions.map((s) => [s.id, s.machine])).toEqual([
      ['s1-edge', 'edge'],
      ['s2-app', 'app'],
    ]);
    const text = await faultline(['sessions', state.name], { FAULTLINE_HOME: home });
    expect(text.stdout).toMatch(/SESSION\s+MACHINE\s+MODE/);
    expect(text.stdout).toContain('uptime');
    expect(text.stdout).toContain(`faultline play ${state.name} s2-app`);
  });

  it('says so when nothing was recorded', async () => {
    const state = await writeAccessEnv(home);
    const result = await faultline(['sessions', state.name], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('no recorded sessions');
  });
});

describe('faultline play', () => {
  it('replays the chosen session’s output (not its keystrokes unless --input) at the given speed', async () => {
    const state = await writeAccessEnv(home);
    await writeCollectedSession(state, { id: 's1-edge', machine: 'edge' }, [
      [0.5, 'i', 'KEYS'],
      [1.0, 'o', 'hello from edge\r\n'],
    ]);
    await writeCollectedSession(state, { id: 's2-app', machine: 'app', started: '2025-03-04T10:07:00.000Z' }, [[0.2, 'o', 'latest\r\n']]);
    const started = Date.now();
    const played = await faultline(['play', state.name, 's1', '--speed', '100'], { FAULTLINE_HOME: home });
    expect(played.exitCode, played.stderr).toBe(0);
    // (the CLI helper strips the final line break)
    expect(played.stdout).toBe('hello from edge');
    expect(Date.now() - started).toBeLessThan(15_000);
    const withInput = await faultline(['play', state.name, 's1-edge', '--speed', '100', '--input'], { FAULTLINE_HOME: home });
    expect(withInput.stdout).toBe('KEYShello from edge');
    const latest = await faultline(['play', state.name, '--max-idle', '0.1'], { FAULTLINE_HOME: home });
    expect(latest.stdout).toBe('latest');
  });

  it('rejects a bad speed and an unknown session with usage errors', async () => {
    const state = await writeAccessEnv(home);
    await writeCollectedSession(state, { id: 's1-edge', machine: 'edge' }, [[0, 'o', 'x']]);
    for (const args of [['--speed', 'fast'], ['--speed', '0'], ['nope']]) {
      const result = await faultline(['play', state.name, ...args], { FAULTLINE_HOME: home });
      expect(result.exitCode, args.join(' ')).toBe(2);
    }
  });
});
