import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupDirs, cgroupPids, createCgroup, destroyCgroup, limitFiles, listMachineCgroups, readLimit } from '../../../src/targets/local/cgroups.js';

const canRun = process.getuid?.() === 0 && existsSync('/sys/fs/cgroup');
if (!canRun) process.stderr.write('\n!!! SKIPPING cgroup tests: they need root and /sys/fs/cgroup.\n\n');

describe.skipIf(!canRun)('per-machine cgroups (real)', () => {
  it('moves a process in, sees it, then kills everything in it and removes the directories', async () => {
    const procs = await createCgroup('faultline/fl-c0ffee-app', { memoryMax: 256 * 1024 * 1024, pidsMax: 100, cpuWeight: 50 });
    const script = `for f in ${procs.join(' ')}; do echo $$ > "$f"; done; exec sleep 300`;
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    child.unref();
    await new Promise((r) => setTimeout(r, 200));
    expect(await cgroupPids('faultline/fl-c0ffee-app')).toContain(child.pid);
    expect(await listMachineCgroups()).toContain('fl-c0ffee-app');
    expect(await readLimit('faultline/fl-c0ffee-app', 'pids.max')).toBe('100');
    expect([await readLimit('faultline/fl-c0ffee-app', 'memory.max'), await readLimit('faultline/fl-c0ffee-app', 'memory.limit_in_bytes')]).toContain(String(256 * 1024 * 1024));
    expect([await readLimit('faultline/fl-c0ffee-app', 'cpu.weight'), await readLimit('faultline/fl-c0ffee-app', 'cpu.shares')]).toEqual(expect.arrayContaining([expect.stringMatching(/^(50|512)$/)]));
    await destroyCgroup('faultline/fl-c0ffee-app');
    expect(await cgroupPids('faultline/fl-c0ffee-app')).toEqual([]);
    for (const dir of cgroupDirs('faultline/fl-c0ffee-app')) expect(existsSync(dir)).toBe(false);
    expect(() => process.kill(child.pid!, 0)).toThrow();
  });
});

describe('cgroup limit files', () => {
  it('names each limit in both hierarchies, cpu weight in v2 units and as v1 shares', () => {
    expect(limitFiles({ memoryMax: 1024, pidsMax: 512, cpuWeight: 100 })).toEqual({
      'memory.max': '1024',
      'memory.limit_in_bytes': '1024',
      'pids.max': '512',
      'cpu.weight': '100',
      'cpu.shares': '1024',
    });
    expect(limitFiles({ cpuWeight: 1 })['cpu.shares']).toBe('10');
    expect(limitFiles({})).toEqual({});
  });
});
