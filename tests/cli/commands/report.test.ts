import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { sampleTimeline, writeFakeEnv } from '../../engine/fixtures/fake-env.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'faultline-cli-report-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('faultline report', () => {
  it('prints the report and writes the same as Markdown with --markdown', async () => {
    const { state } = writeFakeEnv(home, { events: sampleTimeline() });
    const out = join(home, 'out');
    mkdirSync(out);
    const result = await faultline(['report', state.name, '--markdown', join(out, 'ada.md')], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Report for ${state.name}`);
    expect(result.stdout).toContain('resolved   in 21m30s');
    expect(result.stdout).toContain('Final check (+21m30s): PASSED');
    expect(result.stdout).toContain('Root cause: nginx proxies /api/ to port 8081');
    expect(result.stderr).toContain(`markdown report written to ${join(out, 'ada.md')}`);
    const md = readFileSync(join(out, 'ada.md'), 'utf8');
    expect(md).toContain(`# Report: ${state.name}`);
    expect(md).toContain('| +21m30s | 10:21:30 | check passed (misrouted-service fixed) |');
    expect(readdirSync(out)).toEqual(['ada.md']);
  });

  it('prints the report model as versioned JSON', async () => {
    const { state } = writeFakeEnv(home, { events: sampleTimeline(), candidate: 'bo' });
    const json = parseJson<{ version: number; report: { resolution: unknown; hints: { total: number }; timeline: unknown[] }; markdownPath: null }>(await faultline(['report', state.name, '--json'], { FAULTLINE_HOME: home }));
    expect(json.version).toBe(1);
    expect(json.report.resolution).toEqual({ resolved: true, at: '2025-03-04T10:21:30.000Z', afterMs: 1_290_000 });
    expect(json.report.hints.total).toBe(2);
    expect(json.report.timeline).toHaveLength(6);
    expect(json.markdownPath).toBeNull();
  });

  it('fails with OUTPUT_NOT_WRITABLE (exit 44) and writes nothing when the Markdown path cannot be written', async () => {
    const { state } = writeFakeEnv(home, { events: sampleTimeline(), candidate: 'cy' });
    const result = await faultline(['report', state.name, '--markdown', join(home, 'missing-dir', 'r.md')], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(44);
    expect(result.stderr).toContain('error: Cannot write the report to');
    expect(readdirSync(home)).not.toContain('missing-dir');
  });

  it('fails with exit code 30 and a clear message for an environment that does not exist', async () => {
    const result = await faultline(['report', 'ghost'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(30);
    expect(result.stderr).toContain('error: No environment "ghost".');
  });

  it('asks for an environment name when none is given', async () => {
    const result = await faultline(['report'], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('report needs an environment name.');
  });
});
