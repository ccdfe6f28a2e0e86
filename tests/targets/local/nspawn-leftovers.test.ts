import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleImageLocks } from '../../../src/targets/local/nspawn-leftovers.js';
import { waitFor } from '../../../src/utils/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-nspawn-locks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nspawn image locks', () => {
  it('removes a lock file nobody holds and leaves one that is held', async () => {
    const free = join(dir, 'inode-1:1');
    const held = join(dir, 'inode-1:2');
    writeFileSync(free, '');
    writeFileSync(held, '');
    // A stand-in machine: holds a shared lock on its descriptor 9 until killed.
    const holder = spawn('sh', ['-c', 'exec 9<"$1"; flock --shared 9; echo locked; exec sleep 30', 'sh', held], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    holder.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await waitFor(async () => out.includes('locked'), { timeoutMs: 10_000, intervalMs: 20 });
      expect(await removeStaleImageLocks({ dir, onlyWhenIdle: false })).toEqual(['inode-1:1']);
      expect(existsSync(free)).toBe(false);
      expect(existsSync(held)).toBe(true);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    expect(await removeStaleImageLocks({ dir, onlyWhenIdle: false })).toEqual(['inode-1:2']);
    expect(existsSync(held)).toBe(false);
  });
});
