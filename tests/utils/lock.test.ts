import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock, withSlot } from '../../src/utils/lock.js';
import { sleep } from '../../src/utils/sleep.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-lock-'));

describe('file locks', () => {
  it('lets one holder in at a time', async () => {
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

  it('takes over a lock whose owner process is dead (kill -9 never wedges us)', async () => {
    const path = join(dir, 'stale.lock');
    writeFileSync(path, '999999'); // no such pid
    await expect(withLock(path, async () => 'got it', { timeoutMs: 2000 })).resolves.toBe('got it');
  });

  it('times out with ENV_BUSY naming the holder when a live process keeps it', async () => {
    const path = join(dir, 'held.lock');
    writeFileSync(path, String(process.ppid));
    await expect(withLock(path, async () => undefined, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ENV_BUSY' });
  });

  it('withSlot admits at most N holders at once', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withSlot(join(dir, 'slot'), 2, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(50);
          inside--;
        }),
      ),
    );
    expect(most).toBe(2);
  });
});
