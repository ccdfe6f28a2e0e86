import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { isRunning, selfIdentity, type ProcessIdentity } from './process-identity.js';
import { sleep } from './sleep.js';

export { isAlive } from './process-identity.js';

export interface LockOptions {
  /** Give up after this long (default 10 min: an image build may hold the lock). */
  readonly timeoutMs?: number;
  /** Called once when we start waiting; `holderPid` is 0 when the holder is not known. */
  readonly onWait?: (holderPid: number) => void;
}

/*
 * Locks are the kernel's flock(2), taken by util-linux `flock` in a helper
 * process that keeps the locked descriptor open and exits when our end of
 * its stdin closes. So:
 *  - a lock file is never created, unlinked or renamed to take or give a
 *    lock: there is no moment where a lock is visible without its holder, and
 *    no takeover step two contenders could both win;
 *  - the holder is an open file descriptor, not a pid in a file: when the
 *    holder dies (kill -9 included) the kernel closes its pipe, the helper
 *    exits and the lock is free, and a recycled pid can never keep it.
 * `<lock>.owner` names the holder (pid + start time) for messages only; it is
 * never consulted to decide who holds the lock.
 */
const HOLD_SCRIPT = `
wait=$1; shift
for p in "$@"; do
  exec 9>>"$p"
  if flock -n 9; then printf '%s\\n' "$p"; exec cat >/dev/null; fi
done
[ "$wait" = 0 ] && exit 75
exec 9>>"$1"
flock -w "$wait" 9 || exit 75
printf '%s\\n' "$1"
exec cat >/dev/null
`;

interface Held {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Take the first free lock of `paths` (waiting up to `waitSeconds` for the
 * first one when `waitSeconds` > 0 and all are taken). Undefined when none
 * could be had.
 */
async function takeOneOf(paths: readonly string[], waitSeconds: number): Promise<Held | undefined> {
  const child = spawn('sh', ['-c', HOLD_SCRIPT, 'faultline-lock', String(waitSeconds), ...paths], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stdin?.on('error', () => undefined); // the helper may be gone already (EPIPE): nothing to release then
  const path = await firstLine(child, closed);
  if (path === undefined) return undefined;
  const owner = ownerFile(path);
  await writeFileAtomic(owner, `${JSON.stringify(selfIdentity())}\n`).catch(() => undefined);
  return {
    path,
    async release() {
      await rm(owner, { force: true });
      child.stdin?.end();
      await closed;
    },
  };
}

/** The helper's first line (the path it locked), or undefined when it exits without one. */
function firstLine(child: ChildProcess, closed: Promise<void>): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      child.stdout?.off('data', onData);
      resolve(out.slice(0, newline));
    };
    child.stdout?.on('data', onData);
    child.once('error', (cause) =>
      reject(new FaultlineError('COMMAND_FAILED', 'Could not run `flock` to take a lock.', { hint: 'Install util-linux (it provides flock).', cause })),
    );
    void closed.then(() => resolve(undefined));
  });
}

const ownerFile = (path: string): string => `${path}.owner`;

/** Who holds the lock at `path`, as its owner file says, when that process is still running. */
async function readOwner(path: string): Promise<ProcessIdentity | undefined> {
  try {
    const owner = JSON.parse(await readFile(ownerFile(path), 'utf8')) as ProcessIdentity;
    return isRunning(owner) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Run `fn` while holding the exclusive lock `path` (created if missing, never removed). */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const timeoutMs = options.timeoutMs ?? 600_000;
  let held = await takeOneOf([path], 0);
  if (held === undefined) {
    const owner = await readOwner(path);
    options.onWait?.(owner?.pid ?? 0);
    held = await takeOneOf([path], Math.max(0.1, timeoutMs / 1000));
  }
  if (held === undefined) {
    const owner = await readOwner(path);
    const who = owner ? `process ${owner.pid}` : 'another process';
    throw new FaultlineError('ENV_BUSY', `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for lock ${path}, held by ${who}.`, {
      hint: owner ? `Wait for process ${owner.pid} to finish, or kill it if it is stuck.` : `Find the holder with: fuser -v ${path}`,
    });
  }
  try {
    return await fn();
  } finally {
    await held.release();
  }
}

/**
 * Run `fn` holding one of `slots` locks named `<prefix>-<i>.lock`: a counting
 * semaphore across processes, with the same guarantees as withLock. Used to
 * bound how many environments boot at once on a host.
 */
export async function withSlot<T>(prefix: string, slots: number, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await mkdir(dirname(prefix), { recursive: true });
  const paths = Array.from({ length: Math.max(1, slots) }, (_, i) => `${prefix}-${i}.lock`);
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let warned = false;
  let held = await takeOneOf(paths, 0);
  while (held === undefined) {
    if (!warned) {
      options.onWait?.(0);
      warned = true;
    }
    if (Date.now() > deadline) {
      throw new FaultlineError('ENV_BUSY', `Timed out waiting for a free slot (${prefix}-*.lock).`, {
        hint: 'Other faultline processes hold every slot; wait for them or kill stuck ones.',
      });
    }
    await sleep(100 + Math.floor(Math.random() * 100));
    held = await takeOneOf(paths, 0);
  }
  try {
    return await fn();
  } finally {
    await held.release();
  }
}
