import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../src/cli/envelope.js';
import { createOutput } from '../../src/cli/output.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { writeFakeEnv } from '../engine/fixtures/fake-env.js';

const home = mkdtempSync(join(tmpdir(), 'fl-cli-envelope-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Run the real CLI with --json in a throwaway home and check its one document against the envelope. */
async function envelopeOf(args: readonly string[], exitCode = 0): Promise<Record<string, unknown>> {
  const result = await faultline([...args, '--json'], { FAULTLINE_HOME: home });
  expect(result.exitCode, result.stderr).toBe(exitCode);
  const doc = parseJson(result);
  const checked = envelopeSchema.safeParse(doc);
  expect(checked.success, checked.error?.message).toBe(true);
  return doc;
}

describe('the --json envelope', () => {
  it('is what catalogue, listing and cleanup commands print in an empty home', async () => {
    expect(await envelopeOf(['faults'])).toMatchObject({ version: 1, ok: true, faults: expect.any(Array) });
    expect(await envelopeOf(['scenarios'])).toMatchObject({ version: 1, ok: true, scenarios: expect.any(Array) });
    expect(await envelopeOf(['ls'])).toEqual({ version: 1, ok: true, states: [], stale: [] });
    expect(await envelopeOf(['down', 'nope'])).toMatchObject({ version: 1, ok: true, removed: [] });
    expect(await envelopeOf(['reap', '--dry-run'])).toEqual({ version: 1, ok: true, dryRun: true, expired: [] });
    expect(await envelopeOf(['gc', 'nope', '--dry-run'])).toEqual({ version: 1, ok: true, dryRun: true, environment: 'nope', environments: [], objects: [] });
  });

  it('carries errors as ok: false with the catalogue code, for bad flags and unknown environments', async () => {
    expect(await envelopeOf(['ls', '--bogus'], 2)).toMatchObject({ ok: false, error: { code: 'USAGE', hint: 'Usage: faultline ls [--json]' } });
    expect(await envelopeOf(['status', 'nope'], 30)).toMatchObject({ ok: false, error: { code: 'ENV_NOT_FOUND', message: 'No environment "nope".' } });
  });

  it('names the environment by its name and gives the whole state as `state`', async () => {
    const { state } = writeFakeEnv(home);
    try {
      expect(await envelopeOf(['status', state.name])).toMatchObject({ ok: true, environment: state.name, state: { id: state.id, phase: 'ready' }, machines: [] });
      expect(await envelopeOf(['ls'])).toMatchObject({ states: [{ name: state.name }] });
      expect(await envelopeOf(['hint', state.name])).toMatchObject({ environment: state.name, total: 2 });
      expect(await envelopeOf(['note', state.id, 'reads the log'])).toMatchObject({ environment: state.name, event: { type: 'note' } });
      expect(await envelopeOf(['sessions', state.name])).toMatchObject({ environment: state.name, sessions: [] });
    } finally {
      await faultline(['down', state.name, '--wait'], { FAULTLINE_HOME: home });
    }
  });

  it('rejects a whole state where a name belongs, a name list of states, and a wrong version', () => {
    const { state } = writeFakeEnv(home);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, environment: state, state }).success).toBe(false);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, environments: [state] }).success).toBe(false);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, state: { name: state.name } }).success).toBe(false);
    expect(envelopeSchema.safeParse({ version: 2, ok: true }).success).toBe(false);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, environment: state.name, from: 'pool', previousEnvironment: 'disk-pressure-ada-c00001' }).success).toBe(true);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, from: 'warm' }).success).toBe(false);
    expect(envelopeSchema.safeParse({ version: 1, ok: true, environment: state.name, state, extra: 'passes through' }).data).toMatchObject({ extra: 'passes through' });
    rmSync(join(home, 'envs', state.name), { recursive: true, force: true });
  });

  it('is enforced when writing: an output outside it throws before anything reaches stdout', () => {
    const { state } = writeFakeEnv(home);
    rmSync(join(home, 'envs', state.name), { recursive: true, force: true });
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
    try {
      // @ts-expect-error -- the type refuses a state as `environment`, and so does the schema at run time.
      expect(() => createOutput(true).json({ version: 1, ok: true, environment: state })).toThrow(/outside the envelope/);
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual([]);
  });
});
