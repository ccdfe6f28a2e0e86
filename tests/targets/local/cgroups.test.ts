import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cgroupDirs,
  cgroupPids,
  createCgroup,
  DELEGATED_FILES,
  DELEGATED_V1_HIERARCHIES,
  destroyCgroup,
  limitFiles,
  listMachineCgroups,
  readLimit,
} from '../../../src/targets/local/cgroups.js';

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

describe.skipIf(!canRun || existsSync('/sys/fs/cgroup/cgroup.controllers'))('cgroup delegation on a v1 hybrid host (real)', () => {
  it('gives the machine root the cpu, cpuacct and memory directories and process lists, never a limit file; removes children it made', async () => {
    const owner = 0x7000_0000;
    await createCgroup('faultline/fl-d0d0d0-app', { memoryMax: 256 * 1024 * 1024, pidsMax: 100, cpuWeight: 50 }, owner);
    try {
      for (const hierarchy of DELEGATED_V1_HIERARCHIES) {
        const dir = join('/sys/fs/cgroup', hierarchy, 'faultline/fl-d0d0d0-app');
        for (const file of DELEGATED_FILES) expect(statSync(join(dir, file)).uid, `${hierarchy}/${file}`).toBe(owner);
      }
      for (const limit of ['memory/memory.limit_in_bytes', 'memory/memory.memsw.limit_in_bytes', 'cpu/cpu.shares', 'cpu/cpu.cfs_quota_us', 'pids/pids.max', 'pids/cgroup.procs']) {
        const path = join('/sys/fs/cgroup', limit.split('/')[0] as string, 'faultline/fl-d0d0d0-app', limit.split('/')[1] as string);
        if (existsSync(path)) expect(statSync(path).uid, limit).toBe(0);
      }
      // What systemd inside creates below the delegated directory goes with it.
      const child = '/sys/fs/cgroup/memory/faultline/fl-d0d0d0-app/system.slice';
      mkdirSync(child);
    } finally {
      await destroyCgroup('faultline/fl-d0d0d0-app');
    }
    for (const dir of cgroupDirs('faultline/fl-d0d0d0-app')) expect(existsSync(dir)).toBe(false);
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
