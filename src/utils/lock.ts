import { open, readFile, unlink, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { sleep } from './sleep.js';

export interface LockOptions {
  /** Give up after this long (default 10 min: an image build may hold the lock). */
  readonly timeoutMs?: number;
  /** Called once when we start waiting for another holder. */
  readonly onWait?: (holderPid: number) => void;
}

/**
 * Run `fn` while holding an exclusive lock file. The file holds the owner's
 * pid; a lock whose owner is dead is taken over, so `kill -9` never wedges us.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function acquireLock(path: string, options: LockOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let warned = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(path);
    if (holder === undefined || !isAlive(holder)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (!warned) {
      options.onWait?.(holder);
      warned = true;
    }
    if (Date.now() > deadline) {
      throw new FaultlineError('ENV_BUSY', `Timed out waiting for lock ${path} held by pid ${holder}.`, {
        hint: `Wait for process ${holder} to finish, or kill it if it is stuck.`,
      });
    }
    await sleep(100);
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Run `fn` holding one of `slots` lock files named `<prefix>-<i>.lock`: a
 * counting semaphore across processes, with the same dead-owner takeover as
 * withLock. Used to bound how many environments boot at once on a host.
 */
export async function withSlot<T>(prefix: string, slots: number, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await mkdir(dirname(prefix), { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let warned = false;
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const path = `${prefix}-${i}.lock`;
      if (await tryAcquire(path)) {
        try {
          return await fn();
        } finally {
          await unlink(path).catch(() => undefined);
        }
      }
    }
    if (!warned) {
      options.onWait?.(0);
      warned = true;
    }
    if (Date.now() > deadline) {
      throw new FaultlineError('ENV_BUSY', `Timed out waiting for a free slot (${prefix}-*.lock).`, {
        hint: 'Other faultline processes hold every slot; wait for them or kill stuck ones.',
      });
    }
    await sleep(200);
  }
}

async function tryAcquire(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = await readHolder(path);
  if (holder === undefined || !isAlive(holder)) {
    await unlink(path).catch(() => undefined);
    return tryAcquire(path);
  }
  return false;
}
