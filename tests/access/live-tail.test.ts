import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followSessions, type LiveEvent } from '../../src/access/live-tail.js';

const meta = (id: string, ended: string | null) =>
  JSON.stringify({ version: 1, id, machine: 'app', user: 'candidate', clientIp: null, clientPort: null, mode: 'tty', command: null, term: 'xterm', cols: 80, rows: 24, started: '2025-01-01T10:00:00.000Z', ended, exitStatus: ended ? 0 : null });

describe('followSessions', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function follow(dir: string, steps: ((events: LiveEvent[]) => boolean | void)[], options: { backlog?: boolean } = {}): Promise<LiveEvent[]> {
    const events: LiveEvent[] = [];
    const stop = new AbortController();
    const running = followSessions(dir, 'app', (event) => events.push(event), { intervalMs: 20, signal: stop.signal, ...options });
    for (const step of steps) {
      const before = events.length;
      step(events);
      // Let the follower see this step before the next (bounded: a step may legitimately emit nothing).
      for (let waited = 0; events.length === before && waited < 1500; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    stop.abort();
    await running;
    return events;
  }
  const output = (events: LiveEvent[]): string => events.flatMap((e) => (e.kind === 'output' ? [e.data.toString('utf8')] : [])).join('');

  it('streams a growing recording: start, each new chunk without script’s header and footer, end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-tail-'));
    dirs.push(dir);
    const events = await follow(dir, [
      () => undefined,
      () => {
        writeFileSync(join(dir, 's1.meta.json'), meta('s1', null));
        writeFileSync(join(dir, 's1.out'), 'Script started on 2025-01-01 10:00:00+00:00 [COMMAND="bash"]\n$ ');
      },
      () => appendFileSync(join(dir, 's1.out'), 'echo hi\r\nhi\r\n'),
      () => {
        appendFileSync(join(dir, 's1.out'), '$ exit\r\n\nScript done on 2025-01-01 10:00:09+00:00 [COMMAND_EXIT_CODE="0"]\n');
        writeFileSync(join(dir, 's1.meta.json'), meta('s1', '2025-01-01T10:00:09.000Z'));
      },
      () => undefined,
    ]);
    expect(events.map((e) => e.kind)).toEqual(['start', 'output', 'output', 'output', 'end']);
    expect(output(events)).toBe('$ echo hi\r\nhi\r\n$ exit\r\n');
  });

  it('replays an open session’s backlog by default, skips it with backlog: false, and ignores ended sessions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-tail-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'old.meta.json'), meta('old', '2025-01-01T09:00:00.000Z'));
    writeFileSync(join(dir, 'old.out'), 'Script started on x\nold output\r\n');
    writeFileSync(join(dir, 'open.meta.json'), meta('open', null));
    writeFileSync(join(dir, 'open.out'), 'Script started on x\nearlier\r\n');
    const withBacklog = await follow(dir, [() => undefined, () => appendFileSync(join(dir, 'open.out'), 'later\r\n')]);
    expect(output(withBacklog)).toBe('earlier\r\nlater\r\n');
    expect(withBacklog.filter((e) => e.kind === 'start').map((e) => (e.kind === 'start' ? e.meta.id : ''))).toEqual(['open']);
    const without = await follow(dir, [() => undefined, () => appendFileSync(join(dir, 'open.out'), 'newest\r\n')], { backlog: false });
    expect(output(without)).toBe('newest\r\n');
  });

  it('waits for a half-written header line and skips unreadable metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-tail-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.meta.json'), '{not json');
    const events = await follow(dir, [
      () => {
        writeFileSync(join(dir, 's2.meta.json'), meta('s2', null));
        writeFileSync(join(dir, 's2.out'), 'Script sta');
      },
      () => appendFileSync(join(dir, 's2.out'), 'rted on x\nprompt$ '),
    ]);
    expect(output(events)).toBe('prompt$ ');
  });
});
