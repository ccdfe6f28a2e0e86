import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeFakeEnv } from '../../engine/fixtures/fake-env.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'faultline-cli-hint-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface HintJson {
  version: 1;
  revealed: { index: number; text: string } | null;
  given: { index: number; text: string }[];
  total: number;
  exhausted: boolean;
}

describe('faultline hint', () => {
  it('reveals the hints one per call, records each in the timeline, and says when all were given', async () => {
    const { state, dir } = writeFakeEnv(home, { events: [{ ts: '2025-03-04T10:00:00.000Z', type: 'ready', message: 'ready' }] });
    const env = { FAULTLINE_HOME: home };

    const listed = parseJson<HintJson>(await faultline(['hint', state.name, '--all', '--json'], env));
    expect(listed).toMatchObject({ version: 1, revealed: null, given: [], total: 2, exhausted: false });

    const first = parseJson<HintJson>(await faultline(['hint', state.name, '--json'], env));
    expect(first.revealed).toEqual(expect.objectContaining({ index: 1, text: 'Look at what edge logs for /api/ requests.' }));

    const second = await faultline(['hint', state.name], env);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("Hint 2 of 2: Compare nginx's upstream port with what orders listens on (ss -ltnp on app).");
    expect(second.stdout).toContain('(that was the last hint)');

    const third = await faultline(['hint', state.name], env);
    expect(third.exitCode).toBe(0);
    expect(third.stdout).toContain('All 2 hints have been given:');
    expect(third.stdout).toContain('  1. Look at what edge logs for /api/ requests.');
    expect(third.stdout).toContain('  2. Compare nginx');

    const hints = readFileSync(join(dir, 'timeline.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data?: { index: number } })
      .filter((event) => event.type === 'hint');
    expect(hints.map((event) => event.data?.index)).toEqual([1, 2]);
  });

  it('fails with exit code 30 and a clear message for an environment that does not exist', async () => {
    const result = await faultline(['hint', 'no-such-env'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(30);
    expect(result.stderr).toContain('error: No environment "no-such-env".');
    expect(result.stderr).toContain('faultline ls');
  });

  it('reports a missing environment as JSON with --json', async () => {
    const result = await faultline(['hint', 'no-such-env', '--json'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(30);
    expect(parseJson(result)).toMatchObject({ version: 1, ok: false, error: { code: 'ENV_NOT_FOUND' } });
  });
});
