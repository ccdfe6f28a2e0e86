import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { updateState } from '../../../src/core/state-store.js';
import { processStartTicks } from '../../../src/utils/process-identity.js';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeFakeEnv } from '../../engine/fixtures/fake-env.js';

const home = mkdtempSync(join(tmpdir(), 'fl-cli-reset-'));
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
