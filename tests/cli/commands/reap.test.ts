import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeFakeEnv } from '../../engine/fixtures/fake-env.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'faultline-cli-reap-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface ReapJson {
  version: 1;
  ok: boolean;
  dryRun: boolean;
  expired: { name: string; result: string }[];
}

describe('faultline reap', () => {
  it('lists expired environments with --dry-run and touches nothing, then reaps only those', async () => {
    const expired = writeFakeEnv(home, { expiresAt: new Date(Date.now() - 60_000).toISOString(), candidate: 'old' });
    const alive = writeFakeEnv(home, { candidate: 'new' });
    const env = { FAULTLINE_HOME: home };

    const dry = parseJson<ReapJson>(await faultline(['reap', '--dry-run', '--json'], env));
    expect(dry).toEqual({ version: 1, ok: true, dryRun: true, expired: [expect.objectContaining({ name: expired.state.name, result: 'would-reap' })] });
    expect(existsSync(join(expired.dir, 'state.json'))).toBe(true);

    const human = await faultline(['reap', '--dry-run'], env);
    expect(human.stdout).toMatch(new RegExp(`${expired.state.name}\\s+local\\s+\\S+\\s+would-reap`));

    const reaped = await faultline(['reap'], env);
    expect(reaped.exitCode).toBe(0);
    expect(reaped.stdout).toMatch(new RegExp(`${expired.state.name}\\s+local\\s+\\S+\\s+reaped`));
    expect(existsSync(expired.dir)).toBe(false);
    expect(existsSync(join(alive.dir, 'state.json'))).toBe(true);

    const again = await faultline(['reap'], env);
    expect(again.stdout).toContain('no expired environments');
  });
});
