import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { updateState } from '../../../src/core/state-store.js';
import { processStartTicks } from '../../../src/utils/process-identity.js';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeFakeEnv } from '../../engine/fixtures/fake-env.js';
import { pooledEnv } from '../../engine/pool/pooled-env.js';

const home = mkdtempSync(join(tmpdir(), 'fl-cli-reset-'));
// No image cache: a reset that wrongly fell back to a rebuild fails at once instead of building a base image.
writeFileSync(join(home, 'images'), 'not an image cache\n');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('faultline reset (real CLI, hand-written environment)', () => {
  it('refuses with ENV_BUSY while another live process changes the environment, and leaves it as it was', async () => {
    const { state, dir } = writeFakeEnv(home);
    const saved = process.env.FAULTLINE_HOME;
    process.env.FAULTLINE_HOME = home;
    try {
      // This test process plays the other command (an up, down or reset still running).
      await updateState(state.name, (current) => ({ ...current, ownerPid: process.pid, ownerStart: processStartTicks(process.pid) }));
    } finally {
      process.env.FAULTLINE_HOME = saved;
    }
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const result = await faultline(['reset', state.name, '--json'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(31);
    expect(parseJson<{ error: { code: string; message: string } }>(result).error).toMatchObject({ code: 'ENV_BUSY', message: `${state.name} is being changed by process ${process.pid}.` });
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
  });

  it('names the environment it needs and the --cold flag in its usage', async () => {
    const result = await faultline(['reset', '--json'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(2);
    expect(parseJson<{ error: { hint: string } }>(result).error.hint).toBe('Usage: faultline reset <env> [--cold] [--json]');
  });
});

describe('faultline reset when the pooled environment fails mid-way (real CLI, hand-written states)', () => {
  it('fails, leaves the old environment and its timeline as they were, and the failed one does not answer to the old name', async () => {
    const { state, dir } = writeFakeEnv(home);
    // A warm pooled environment without machines: binding it fails at the first step that needs one (the new key).
    const pooled = { ...pooledEnv('e0e0e1'), ownerPid: undefined, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    mkdirSync(join(home, 'envs', pooled.name), { recursive: true });
    writeFileSync(join(home, 'envs', pooled.name, 'state.json'), JSON.stringify(pooled));
    const stateBefore = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    const timelineBefore = readFileSync(join(dir, 'timeline.jsonl'), 'utf8');
    const result = await faultline(['reset', state.name, '--json'], { FAULTLINE_HOME: home });
    try {
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain(`reset from pool: took ${pooled.name}`);
      expect(result.stderr).toContain(`reset from pool failed; ${state.name} is unchanged`);
      expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual(stateBefore);
      expect(readFileSync(join(dir, 'timeline.jsonl'), 'utf8')).toBe(timelineBefore);
      const failed = JSON.parse(readFileSync(join(home, 'envs', pooled.name, 'state.json'), 'utf8')) as { phase: string; previousNames?: string[] };
      expect(failed.phase).toBe('failed');
      expect(failed.previousNames).toBeUndefined();
      const status = await faultline(['status', state.name, '--json'], { FAULTLINE_HOME: home });
      expect(parseJson<{ environment: string }>(status).environment).toBe(state.name);
    } finally {
      await faultline(['down', pooled.name], { FAULTLINE_HOME: home });
      await faultline(['down', state.name], { FAULTLINE_HOME: home });
    }
  });
});
