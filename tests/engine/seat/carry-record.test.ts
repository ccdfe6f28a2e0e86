import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, readTimeline } from '../../../src/core/timeline.js';
import { currentAttempt } from '../../../src/engine/attempt.js';
import { carryInterviewRecord } from '../../../src/engine/seat/carry-record.js';

describe('carryInterviewRecord (real files in a throwaway home)', () => {
  let home: string;
  const saved = process.env.FAULTLINE_HOME;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'fl-carry-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    process.env.FAULTLINE_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  it('puts the old timeline in front of the new one, verbatim, so the new ready starts the current attempt', async () => {
    appendEvent('old-env', { type: 'ready', message: 'ready in 30s', data: { ms: 30_000 } });
    appendEvent('old-env', { type: 'note', message: 'note', data: { text: 'reads df before du', author: 'lee' } });
    appendEvent('old-env', { type: 'vote', message: 'vote', data: { panelist: 'lee', vote: '+1', comment: null } });
    // A line from an older or foreign writer survives too (the report skips it, as before).
    writeFileSync(join(home, 'envs', 'old-env', 'timeline.jsonl'), `${readFileSync(join(home, 'envs', 'old-env', 'timeline.jsonl'), 'utf8')}{"type":"future.kind"}`);
    appendEvent('pool-a00001', { type: 'pool.taken', message: 'taken', data: { kind: 'warm', seed: 7 } });
    appendEvent('pool-a00001', { type: 'ready', message: 'ready in 2s (from the pool)', data: { ms: 2_000 } });

    await carryInterviewRecord('old-env', 'pool-a00001');

    const text = readFileSync(join(home, 'envs', 'pool-a00001', 'timeline.jsonl'), 'utf8');
    expect(text).toContain('{"type":"future.kind"}\n');
    const events = await readTimeline('pool-a00001');
    expect(events.map((event) => event.type)).toEqual(['ready', 'note', 'vote', 'pool.taken', 'ready']);
    expect(currentAttempt(events).ready?.message).toBe('ready in 2s (from the pool)');
  });

  it('copies the old session recordings beside the new ones without overwriting any', async () => {
    const oldSessions = join(home, 'envs', 'old-env', 'sessions');
    const newSessions = join(home, 'envs', 'pool-a00001', 'sessions');
    mkdirSync(join(oldSessions, 'raw', 'edge'), { recursive: true });
    mkdirSync(newSessions, { recursive: true });
    writeFileSync(join(oldSessions, 's1.cast'), 'old recording');
    writeFileSync(join(oldSessions, 'raw', 'edge', 's1.meta.json'), '{}');
    writeFileSync(join(oldSessions, 'same.cast'), 'old');
    writeFileSync(join(newSessions, 'same.cast'), 'new');

    await carryInterviewRecord('old-env', 'pool-a00001');

    expect(readFileSync(join(newSessions, 's1.cast'), 'utf8')).toBe('old recording');
    expect(readFileSync(join(newSessions, 'raw', 'edge', 's1.meta.json'), 'utf8')).toBe('{}');
    expect(readFileSync(join(newSessions, 'same.cast'), 'utf8')).toBe('new');
  });

  it('carries an environment that has no sessions and no timeline without failing', async () => {
    appendEvent('pool-a00001', { type: 'ready', message: 'ready', data: { ms: 1 } });
    await carryInterviewRecord('never-existed', 'pool-a00001');
    expect((await readTimeline('pool-a00001')).map((event) => event.type)).toEqual(['ready']);
  });
});
