import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withLock, withSlot } from '../../src/utils/lock.js';
import { processStartTicks } from '../../src/utils/process-identity.js';
import { sleep } from '../../src/utils/sleep.js';
import { waitFor } from '../../src/utils/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WORKER = join(import.meta.dirname, 'fixtures', 'lock-worker.ts');

interface WorkerArgs {
  readonly mode: 'lock' | 'slot';
  readonly path: string;
  readonly slots?: number;
  readonly rounds: number;
  readonly holdMs: number;
  readonly log: string;
  readonly forever?: boolean;
}

function startWorker(args: WorkerArgs): ChildProcess {
  const argv = [args.mode, args.path, String(args.slots ?? 1), String(args.rounds), String(args.holdMs), args.log, ...(args.forever ? ['forever'] : [])];
  return spawn(process.execPath, ['--import', 'tsx', WORKER, ...argv], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

interface Replay {
  readonly enters: number;
  readonly mostInside: number;
  /** Problems found: an exit by a process that was not inside, more than `limit` inside at once. */
  readonly violations: string[];
}

/** Replay a shared log of `enter <pid>` / `exit <pid>` lines, in order. */
function replay(log: string, limit: number): Replay {
  const inside = new Set<string>();
  const violations: string[] = [];
  let enters = 0;
  let mostInside = 0;
  for (const [index, line] of readFileSync(log, 'utf8').split('\n').entries()) {
    const [what, pid] = line.split(' ');
    if (what === 'enter' && pid !== undefined) {
      enters++;
      inside.add(pid);
      mostInside = Math.max(mostInside, inside.size);
      if (inside.size > limit) violations.push(`line ${index + 1}: ${[...inside].join(', ')} inside at once`);
    } else if (what === 'exit' && pid !== undefined) {
      if (!inside.delete(pid)) violations.push(`line ${index + 1}: ${pid} left without being inside`);
    }
  }
  return { enters, mostInside, violations };
}

const freshLog = (name: string): string => {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '');
  return log;
};

// Several runs, so a race that shows up one time in a few is seen in CI.
describe.each([1, 2, 3])('locks across processes (run %i)', (run) => {
  it('withLock: 4 processes × 25 rounds never overlap', async () => {
    const log = freshLog(`lock-${run}`);
    const workers = Array.from({ length: 4 }, () => startWorker({ mode: 'lock', path: join(dir, `hammer-${run}.lock`), rounds: 25, holdMs: 3, log }));
    expect(await Promise.all(workers.map(exited))).toEqual([0, 0, 0, 0]);
    const result = replay(log, 1);
    expect(result.violations).toEqual([]);
    expect(result.enters).toBe(100);
  });

  it('withSlot: 5 processes × 20 rounds hold at most 2 of 2 slots, and do share them', async () => {
    const log = freshLog(`slot-${run}`);
    const workers = Array.from({ length: 5 }, () => startWorker({ mode: 'slot', path: join(dir, `slots-${run}`), slots: 2, rounds: 20, holdMs: 10, log }));
    expect(await Promise.all(workers.map(exited))).toEqual([0, 0, 0, 0, 0]);
    const result = replay(log, 2);
    expect(result.violations).toEqual([]);
    expect(result.enters).toBe(100);
    expect(result.mostInside).toBe(2);
  });
});

describe('a holder killed with -9', () => {
  it('withLock: its lock is taken over, by one waiter at a time', async () => {
    const log = freshLog('killed-lock');
    const path = join(dir, 'killed.lock');
    const holder = startWorker({ mode: 'lock', path, rounds: 1, holdMs: 0, log, forever: true });
    await waitFor(async () => readFileSync(log, 'utf8').includes(`enter ${holder.pid}`), { timeoutMs: 20_000, intervalMs: 20 });
    const waiters = Array.from({ length: 3 }, () => startWorker({ mode: 'lock', path, rounds: 2, holdMs: 20, log }));
    await waitFor(async () => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('wait')).length === 3, { timeoutMs: 20_000, intervalMs: 20 });
    await sleep(200);
    expect(replay(log, 1).enters).toBe(1); // nobody got in while the holder lived
    holder.kill('SIGKILL');
    expect(await Promise.all(waiters.map(exited))).toEqual([0, 0, 0]);
    const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('enter') || l.startsWith('exit'));
    // The dead holder never exits; replay the rest as if it had, at the moment it died.
    const after = lines.slice(1);
    writeFileSync(log, `${after.join('\n')}\n`);
    const result = replay(log, 1);
    expect(result.violations).toEqual([]);
    expect(result.enters).toBe(6);
  });

  it('withSlot: its slot is free again for the others', async () => {
    const log = freshLog('killed-slot');
    const prefix = join(dir, 'killed-slot');
    const holders = [0, 1].map(() => startWorker({ mode: 'slot', path: prefix, slots: 2, rounds: 1, holdMs: 0, log, forever: true }));
    await waitFor(async () => replay(log, 2).enters === 2, { timeoutMs: 20_000, intervalMs: 20 });
    const waiter = startWorker({ mode: 'slot', path: prefix, slots: 2, rounds: 1, holdMs: 0, log });
    await waitFor(async () => readFileSync(log, 'utf8').includes(`wait ${waiter.pid}`), { timeoutMs: 20_000, intervalMs: 20 });
    holders[0]?.kill('SIGKILL');
    expect(await exited(waiter)).toBe(0);
    holders[1]?.kill('SIGKILL');
    await Promise.all(holders.map(exited));
    expect(readFileSync(log, 'utf8')).toContain(`exit ${waiter.pid}`);
  });
});

describe('lock owners', () => {
  it('a lock file naming a live but unrelated pid does not wedge the lock (pids are reused)', async () => {
    const path = join(dir, 'recycled.lock');
    // What an older faultline, or a dead holder whose pid was reused, may leave behind.
    writeFileSync(path, String(process.ppid));
    writeFileSync(`${path}.owner`, JSON.stringify({ pid: process.ppid, start: (processStartTicks(process.ppid) ?? 0) + 1 }));
    await expect(withLock(path, async () => 'got it', { timeoutMs: 2000 })).resolves.toBe('got it');
  });

  it('times out with ENV_BUSY naming the holder while a live process holds the lock', async () => {
    const log = freshLog('held');
    const path = join(dir, 'held.lock');
    const holder = startWorker({ mode: 'lock', path, rounds: 1, holdMs: 0, log, forever: true });
    try {
      await waitFor(async () => readFileSync(log, 'utf8').includes('enter'), { timeoutMs: 20_000, intervalMs: 20 });
      const waits: number[] = [];
      const attempt = withLock(path, async () => undefined, { timeoutMs: 500, onWait: (pid) => waits.push(pid) });
      await expect(attempt).rejects.toMatchObject({ code: 'ENV_BUSY', message: expect.stringContaining(`process ${holder.pid}`) });
      expect(waits).toEqual([holder.pid]);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
  });

  it('in one process, concurrent callers take turns too', async () => {
    const path = join(dir, 'one.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(20);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('a slot holder that throws gives its slot back', async () => {
    const prefix = join(dir, 'throwing');
    await expect(withSlot(prefix, 1, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withSlot(prefix, 1, async () => 'again', { timeoutMs: 1000 })).resolves.toBe('again');
  });
});
