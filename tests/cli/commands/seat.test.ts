import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { sampleTimeline, writeFakeEnv } from '../../engine/fixtures/fake-env.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'faultline-cli-seat-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

type ReportJson = { report: { timeline: { type: string; text: string }[]; seat: { panelNotes: { author: string | null; text: string }[]; votes: { revealed: boolean; voted: string[]; visible: { panelist: string; vote: string; comment: string | null }[] } } } };

describe('faultline note / panel / vote / report', () => {
  it('notes go onto the timeline; votes stay hidden from other panelists until the panel is complete', async () => {
    const { state } = writeFakeEnv(home, { events: sampleTimeline() });
    const env = { FAULTLINE_HOME: home };
    expect((await faultline(['note', state.name, 'reads', 'the error log', '--by', 'ada'], env)).exitCode).toBe(0);
    expect((await faultline(['panel', state.name, 'ada', 'grace'], env)).stdout).toContain('panel of');
    const first = await faultline(['vote', state.name, '--panelist', 'ada', '-2', '--comment', 'guessed'], env);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('ada voted -2');
    expect(first.stdout).toContain('hidden until grace votes');
    const changed = await faultline(['vote', state.name, '--panelist', 'ada', '+1', '--json'], env);
    expect(parseJson<{ replaced: boolean; revealed: boolean }>(changed)).toMatchObject({ replaced: true, revealed: false });

    const asGrace = parseJson<ReportJson>(await faultline(['report', state.name, '--panelist', 'grace', '--json'], env)).report;
    expect(asGrace.seat.votes).toMatchObject({ revealed: false, voted: ['ada'], visible: [] });
    expect(asGrace.seat.panelNotes).toEqual([expect.objectContaining({ author: 'ada', text: 'reads the error log' })]);
    expect(asGrace.timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['note (ada): reads the error log', 'ada voted', 'panel: ada, grace']));
    // No vote value anywhere in what grace gets.
    expect(JSON.stringify(asGrace)).not.toMatch(/"vote":"\+1"|guessed/);

    const revealed = parseJson<ReportJson>(await faultline(['report', state.name, '--reveal', '--json'], env)).report.seat.votes;
    expect(revealed.visible).toEqual([expect.objectContaining({ panelist: 'ada', vote: '+1', comment: null })]);
    await faultline(['vote', state.name, '--panelist', 'grace', '-2'], env);
    const text = await faultline(['report', state.name, '--markdown', join(home, 'r.md')], env);
    expect(text.stdout).toContain('shown: every listed panelist (ada, grace) has voted');
    expect(readFileSync(join(home, 'r.md'), 'utf8')).toMatch(/## Votes[\s\S]*- ada: \+1[\s\S]*- grace: -2/);
  });

  it('rejects bad votes, names and empty notes with a usage error (exit 2)', async () => {
    const { state } = writeFakeEnv(home, { candidate: 'bo' });
    const env = { FAULTLINE_HOME: home };
    for (const args of [
      ['vote', state.name, '--panelist', 'ada', '+2'],
      ['vote', state.name, '--panelist', 'ada'],
      ['vote', state.name, '+1'],
      ['vote', state.name, '--panelist', 'ada', '+1', '-2'],
      ['vote', state.name, '--panelist', 'a b', '+1'],
      ['note', state.name, '   '],
      ['panel', state.name, '1bad'],
    ]) {
      const result = await faultline(args, env);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^error: /);
    }
    expect((await faultline(['vote', 'no-such-env', '--panelist', 'ada', '+1'], env)).exitCode).toBe(30);
  });

  it('after down, notes, votes and reports work on the archived record', async () => {
    const { state } = writeFakeEnv(home, { events: sampleTimeline(), candidate: 'cy' });
    const previous = process.env.FAULTLINE_HOME;
    process.env.FAULTLINE_HOME = home;
    try {
      const { archiveInterview } = await import('../../../src/engine/seat/archive.js');
      const { removeEnvDir } = await import('../../../src/core/state-store.js');
      await archiveInterview(state.name);
      await removeEnvDir(state.name);
    } finally {
      if (previous === undefined) delete process.env.FAULTLINE_HOME;
      else process.env.FAULTLINE_HOME = previous;
    }
    const env = { FAULTLINE_HOME: home };
    expect((await faultline(['vote', state.name, '--panelist', 'sam', '+1'], env)).exitCode).toBe(0);
    expect((await faultline(['note', state.id, 'late note'], env)).exitCode).toBe(0);
    const report = await faultline(['report', state.name, '--reveal', '--json'], env);
    expect(report.exitCode, report.stderr).toBe(0);
    const json = parseJson<ReportJson & { report: { env: { phase: string }; notes: string[] } }>(report).report;
    expect(json.env.phase).toBe('down');
    expect(json.seat.votes.visible.map((v) => v.panelist)).toEqual(['sam']);
    expect(json.seat.panelNotes.map((n) => n.text)).toEqual(['late note']);
    expect(json.notes.join('\n')).toContain('built from the record kept at');
  });
});
