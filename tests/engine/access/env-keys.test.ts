import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envAccessPaths } from '../../../src/engine/access/env-access-paths.js';
import { ensureEnvKeys, readEnvKeys } from '../../../src/engine/access/env-keys.js';

let home: string;
const saved = process.env.FAULTLINE_HOME;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'faultline-keys-'));
  process.env.FAULTLINE_HOME = home;
});
afterEach(async () => {
  if (saved === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = saved;
  await rm(home, { recursive: true, force: true });
});

describe('ensureEnvKeys', () => {
  it('creates a candidate key and one distinct host key per machine, private halves 0600 in a 0700 dir', async () => {
    const keys = await ensureEnvKeys('baseline-ada-abc123', ['edge', 'app']);
    expect(keys.candidate.publicKey).toMatch(/^ssh-ed25519 \S+ candidate@faultline$/);
    expect(keys.hosts.map((key) => key.machine)).toEqual(['edge', 'app']);
    expect(new Set([keys.candidate.fingerprint, ...keys.hosts.map((key) => key.fingerprint)]).size).toBe(3);
    expect((await stat(envAccessPaths('baseline-ada-abc123').dir)).mode & 0o777).toBe(0o700);
    for (const path of [keys.candidate.privateKeyPath, ...keys.hosts.map((key) => key.privateKeyPath)]) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses existing keys, so a reset keeps the bundle handed out before it valid', async () => {
    const first = await ensureEnvKeys('baseline-ada-abc123', ['edge', 'app']);
    const privateKey = await readFile(first.candidate.privateKeyPath, 'utf8');
    const second = await ensureEnvKeys('baseline-ada-abc123', ['edge', 'app']);
    expect(second).toEqual(first);
    expect(await readFile(second.candidate.privateKeyPath, 'utf8')).toBe(privateKey);
  });

  it('gives another environment different keys', async () => {
    const one = await ensureEnvKeys('baseline-ada-abc123', ['edge']);
    const two = await ensureEnvKeys('baseline-grace-def456', ['edge']);
    expect(two.candidate.fingerprint).not.toBe(one.candidate.fingerprint);
    expect(two.hosts[0]?.fingerprint).not.toBe(one.hosts[0]?.fingerprint);
  });
});

describe('readEnvKeys', () => {
  it('returns the keys ensureEnvKeys made', async () => {
    const made = await ensureEnvKeys('baseline-ada-abc123');
    expect(await readEnvKeys('baseline-ada-abc123')).toEqual(made);
  });

  it('throws ENV_NOT_FOUND for an environment without keys', async () => {
    await expect(readEnvKeys('baseline-ada-abc123')).rejects.toMatchObject({ code: 'ENV_NOT_FOUND' });
  });
});
