import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupDirs, cgroupPids, createCgroup, destroyCgroup, listMachineCgroups } from '../../../src/targets/local/cgroups.js';

const canRun = process.getuid?.() === 0 && existsSync('/sys/fs/cgroup');
if (!canRun) process.stderr.write('\n!!! SKIPPING cgroup tests: they need root and /sys/fs/cgroup.\n\n');

describe.skipIf(!canRun)('per-machine cgroups (real)', () => {
  it('moves a process in, sees it, then kills everything in it and removes the directories', async () => {
    const procs = await createCgroup('faultline/fl-c0ffee-app', 256 * 1024 * 1024);
    const script = `for f in ${procs.join(' ')}; do echo $$ > "$f"; done; exec sleep 300`;
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    child.unref();
    await new Promise((r) => setTimeout(r, 200));
    expect(await cgroupPids('faultline/fl-c0ffee-app')).toContain(child.pid);
    expect(await listMachineCgroups()).toContain('fl-c0ffee-app');
    await destroyCgroup('faultline/fl-c0ffee-app');
    expect(await cgroupPids('faultline/fl-c0ffee-app')).toEqual([]);
    for (const dir of cgroupDirs('faultline/fl-c0ffee-app')) expect(existsSync(dir)).toBe(false);
    expect(() => process.kill(child.pid!, 0)).toThrow();
  });
});
