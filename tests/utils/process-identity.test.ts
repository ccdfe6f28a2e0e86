import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isRunning, processStartTicks, selfIdentity } from '../../src/utils/process-identity.js';

describe('process identity', () => {
  it('names this process by pid and start time', () => {
    const self = selfIdentity();
    expect(self.pid).toBe(process.pid);
    expect(self.start).toBeGreaterThan(0);
    expect(isRunning(self)).toBe(true);
  });

  it('a live pid with another start time is another process (a reused pid)', () => {
    const self = selfIdentity();
    expect(isRunning({ pid: self.pid, start: self.start + 1 })).toBe(false);
  });

  it('a process that has exited is not running, with or without a start time', async () => {
    const child = execa('sleep', ['0']);
    const pid = child.pid ?? -1;
    await child;
    expect(processStartTicks(pid)).toBeUndefined();
    expect(isRunning({ pid, start: 1 })).toBe(false);
  });

  it('a killed process its parent has not reaped yet (a zombie) is not running', async () => {
    // `sleep 60` is a child of the exec'd `sleep 20`, which never reaps: killed, it stays a zombie until sleep 20 ends (or is killed below).
    const parent = execa('sh', ['-c', 'sleep 60 & echo $!; exec sleep 20']);
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
      const start = processStartTicks(pid);
      expect(start).toBeGreaterThan(0);
      expect(isRunning({ pid, start })).toBe(true);
      process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
      expect(processStartTicks(pid)).toBeUndefined();
      expect(isRunning({ pid, start })).toBe(false);
      expect(isRunning({ pid })).toBe(false);
    } finally {
      parent.kill();
      await parent.catch(() => undefined);
    }
  });

  it('reads the start time of a process whose name holds spaces and parentheses', async () => {
    // The kernel's comm field comes from the executable's file name.
    const dir = mkdtempSync(join(tmpdir(), 'fl-comm-'));
    const odd = join(dir, 'a) b (c');
    copyFileSync('/bin/sleep', odd);
    chmodSync(odd, 0o755);
    const child = execa(odd, ['5']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toContain('(a) b (c)');
      expect(processStartTicks(child.pid ?? -1)).toBeGreaterThan(0);
    } finally {
      child.kill();
      await child.catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
