import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEnv, writeState } from '../../src/core/state-store.js';
import { pooledEnv } from '../engine/pool/pooled-env.js';

describe('resolveEnv (real state files)', () => {
  let home: string;
  const saved = process.env.FAULTLINE_HOME;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'fl-resolve-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    process.env.FAULTLINE_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  it('finds an environment a reset from the pool replaced by the name it had before', async () => {
    await writeState({ ...pooledEnv('a00001'), phase: 'ready', previousNames: ['disk-pressure-ada-c00001'] });
    expect((await resolveEnv('disk-pressure-ada-c00001')).name).toBe('pool-a00001');
    expect((await resolveEnv('a00001')).name).toBe('pool-a00001');
  });

  it('prefers an environment of that very name (the old one, while the reset runs) over a previous name', async () => {
    await writeState({ ...pooledEnv('c00001'), name: 'disk-pressure-ada-c00001', phase: 'ready' });
    await writeState({ ...pooledEnv('a00001'), phase: 'injecting', previousNames: ['disk-pressure-ada-c00001'] });
    expect((await resolveEnv('disk-pressure-ada-c00001')).name).toBe('disk-pressure-ada-c00001');
  });

  it('still says ENV_NOT_FOUND for a name nobody had', async () => {
    await writeState({ ...pooledEnv('a00001'), previousNames: ['disk-pressure-ada-c00001'] });
    await expect(resolveEnv('disk-pressure-bob-c00002')).rejects.toMatchObject({ code: 'ENV_NOT_FOUND' });
  });
});
