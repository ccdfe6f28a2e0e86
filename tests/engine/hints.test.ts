import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTimeline, readTimeline, type TimelineEvent } from '../../src/core/timeline.js';
import { giveHint, listGivenHints, selectNextHint } from '../../src/engine/hints.js';
import { writeFakeEnv } from './fixtures/fake-env.js';

const HINTS = ['first', 'second', 'third'];
const hintEvent = (ts: string, index: number, text = HINTS[index - 1] ?? '?'): TimelineEvent => ({ ts, type: 'hint', message: `hint ${index}`, data: { index, text, total: HINTS.length } });
const ready = (ts: string): TimelineEvent => ({ ts, type: 'ready', message: 'ready' });

describe('selectNextHint', () => {
  it('reveals the first hint when none was given', () => {
    expect(selectNextHint(HINTS, [])).toEqual({ index: 1, text: 'first' });
  });

  it('reveals hint n+1 after n were given', () => {
    const given = listGivenHints([ready('2025-01-01T00:00:00Z'), hintEvent('2025-01-01T00:01:00Z', 1), hintEvent('2025-01-01T00:02:00Z', 2)]);
    expect(selectNextHint(HINTS, given)).toEqual({ index: 3, text: 'third' });
  });

  it('returns nothing once every hint was given', () => {
    const given = listGivenHints([1, 2, 3].map((i) => hintEvent(`2025-01-01T00:0${i}:00Z`, i)));
    expect(selectNextHint(HINTS, given)).toBeUndefined();
  });

  it('returns nothing for a scenario without hints', () => {
    expect(selectNextHint([], [])).toBeUndefined();
  });
});

describe('listGivenHints', () => {
  it('starts over after a new ready event, so a reset environment gives its hints again', () => {
    const events = [ready('2025-01-01T00:00:00Z'), hintEvent('2025-01-01T00:01:00Z', 1), hintEvent('2025-01-01T00:02:00Z', 2), ready('2025-01-01T01:00:00Z'), hintEvent('2025-01-01T01:05:00Z', 1)];
    expect(listGivenHints(events)).toEqual([{ index: 1, text: 'first', ts: '2025-01-01T01:05:00Z' }]);
  });

  it('counts each index once and ignores hint lines with malformed data', () => {
    const lines = [
      hintEvent('2025-01-01T00:01:00Z', 1),
      hintEvent('2025-01-01T00:02:00Z', 1, 'repeated'),
      { ts: '2025-01-01T00:03:00Z', type: 'hint', message: 'odd', data: { index: 'two' } },
      { ts: '2025-01-01T00:04:00Z', type: 'hint', message: 'no data' },
    ];
    const { events, skippedLines } = parseTimeline(lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(skippedLines).toBe(2);
    expect(listGivenHints(events)).toEqual([{ index: 1, text: 'first', ts: '2025-01-01T00:01:00Z' }]);
  });
});

describe('giveHint', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'faultline-hints-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    delete process.env.FAULTLINE_HOME;
    rmSync(home, { recursive: true, force: true });
  });

  it('never reveals the same hint twice when two interviewers ask at once', async () => {
    const { state } = writeFakeEnv(home, { events: [ready('2025-03-04T10:00:00.000Z')] });
    const outcomes = await Promise.all([giveHint(state, { reveal: true }), giveHint(state, { reveal: true }), giveHint(state, { reveal: true })]);
    expect(outcomes.map((o) => o.revealed?.index ?? null).sort()).toEqual([1, 2, null]);
    expect(listGivenHints(await readTimeline(state.name)).map((h) => h.index)).toEqual([1, 2]);
  });

  it('only lists with reveal: false', async () => {
    const { state } = writeFakeEnv(home, { events: [ready('2025-03-04T10:00:00.000Z'), hintEvent('2025-03-04T10:01:00.000Z', 1, 'said before')] });
    expect(await giveHint(state, { reveal: false })).toEqual({ revealed: null, given: [{ index: 1, text: 'said before', ts: '2025-03-04T10:01:00.000Z' }], total: 2 });
    expect(await readTimeline(state.name)).toHaveLength(2);
  });
});
