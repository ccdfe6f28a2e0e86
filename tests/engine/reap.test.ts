import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBusy, reapExpired, reapExpiredQuietly, selectExpired } from '../../src/engine/reap.js';
import { writeFakeEnv } from './fixtures/fake-env.js';
import type { EnvState } from '../../src/schema/state.js';

const env = (name: string, expiresAt: string, ownerPid?: number): EnvState => ({
  version: 1,
  id: 'a1b2c3',
  name,
  scenario: 'baseline',
  scenarioPath: '/s/baseline.yaml',
  candidate: 'ada',
  seed: 1,
  target: 'local',
  createdAt: '2025-03-04T08:00:00.000Z',
  expiresAt,
  phase: 'ready',
  subnet: '10.254.1',
  bridge: 'flb-a1b2c3',
  machines: [],
  volumes: [],
  faults: [],
  extra: {},
  ...(ownerPid === undefined ? {} : { ownerPid }),
});

describe('selectExpired', () => {
  it('selects environments whose expiry is at or before now, oldest expiry first', () => {
    const now = new Date('2025-03-04T12:00:00.000Z');
    const states = [env('later', '2025-03-04T12:00:01.000Z'), env('exact', '2025-03-04T12:00:00.000Z'), env('old', '2025-03-04T09:00:00.000Z')];
    expect(selectExpired(states, now).map((s) => s.name)).toEqual(['old', 'exact']);
  });

  it('never selects an environment with an unreadable expiry', () => {
    expect(selectExpired([env('garbled', 'soon')], new Date())).toEqual([]);
  });
});

describe('isBusy', () => {
  it('is busy while a live process other than this one owns the environment', () => {
    expect(isBusy(env('x', '2025-01-01T00:00:00Z', process.ppid))).toBe(true);
    expect(isBusy(env('x', '2025-01-01T00:00:00Z', process.pid))).toBe(false);
    expect(isBusy(env('x', '2025-01-01T00:00:00Z'))).toBe(false);
  });

  it('is not busy when the owner died (a crashed up or down)', () => {
    expect(isBusy(env('x', '2025-01-01T00:00:00Z', 2 ** 22 + 17))).toBe(false);
  });
});

describe('reapExpired and reapExpiredQuietly', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'faultline-reap-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    delete process.env.FAULTLINE_HOME;
    rmSync(home, { recursive: true, force: true });
  });
  const past = () => new Date(Date.now() - 60_000).toISOString();

  it('skips an expired environment that a live process is still changing', async () => {
    const busy = writeFakeEnv(home, { expiresAt: past() });
    const state = JSON.parse(readFileSync(join(busy.dir, 'state.json'), 'utf8')) as EnvState;
    writeFileSync(join(busy.dir, 'state.json'), JSON.stringify({ ...state, phase: 'injecting', ownerPid: process.ppid }));
    expect(await reapExpired()).toEqual([expect.objectContaining({ name: busy.state.name, result: 'skipped', note: expect.stringContaining(`process ${process.ppid}`) })]);
    expect(existsSync(busy.dir)).toBe(true);
  });

  it('quietly destroys expired local environments and leaves expired cloud ones for `faultline reap`', async () => {
    const local = writeFakeEnv(home, { expiresAt: past(), candidate: 'old' });
    const fresh = writeFakeEnv(home, { candidate: 'new' });
    const cloud = writeFakeEnv(home, { expiresAt: past(), candidate: 'cloudy' });
    const cloudState = JSON.parse(readFileSync(join(cloud.dir, 'state.json'), 'utf8')) as EnvState;
    writeFileSync(join(cloud.dir, 'state.json'), JSON.stringify({ ...cloudState, target: 'aws' }));

    expect(await reapExpiredQuietly()).toEqual([local.state.name]);
    expect(existsSync(local.dir)).toBe(false);
    expect(existsSync(fresh.dir)).toBe(true);
    expect(existsSync(cloud.dir)).toBe(true);
  });

  it('quietly does nothing, without touching the reap lock, when nothing local has expired', async () => {
    writeFakeEnv(home);
    expect(await reapExpiredQuietly()).toEqual([]);
    expect(existsSync(join(home, 'reap.lock'))).toBe(false);
  });
});
