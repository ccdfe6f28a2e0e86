import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLimit } from '../../src/targets/local/cgroups.js';
import { cgroupName } from '../../src/targets/local/naming.js';
import { USERNS_BASE, USERNS_SIZE } from '../../src/targets/local/userns.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

/**
 * "Candidate root is not host root" and "limits hold", proved by attack: each
 * test acts as the candidate over real SSH with the access bundle and sudo,
 * and checks the host's own view afterwards. One environment; the root disk
 * is configured at 1 GiB so the ENOSPC test writes little.
 */
const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('isolation and limits integration tests', skipReason);

const DISK_BYTES = 1024 * 1024 * 1024;
const MEMORY_BYTES = 512 * 1024 * 1024;
const PIDS_MAX = 512;

interface Env {
  readonly name: string;
  readonly id: string;
  readonly machines: { role: string; name: string; leaderPid: number; upperDir: string }[];
}

async function hostRead(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).trim();
}

async function hostWrite(path: string, value: string): Promise<void> {
  await execa('sh', ['-c', 'printf "%s\\n" "$2" > "$1"', 'sh', path, value]);
}

describe.skipIf(skipReason !== undefined)('isolation and limits: attacks as the candidate with sudo, over SSH', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-isolation-it-'));
  let before: Residue;
  let env: Env;
  let sshConfig: string;

  /** The candidate's shell on `machine` (a real OpenSSH client with the bundle; never prompts). */
  async function candidate(machine: string, script: string, timeoutMs = 90_000): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const result = await execa('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', machine, script], {
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  const machine = (role: string) => {
    const found = env.machines.find((m) => m.role === role);
    if (!found) throw new Error(`no ${role} machine`);
    return found;
  };

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    writeFileSync(join(home.home, 'config.yaml'), `local:\n  machineDiskMax: ${DISK_BYTES}\n`);
    const up = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    env = parseJson<{ state: Env }>(up).state;
    const access = await faultline(['access', env.name, '--out', join(scratch, 'bundle'), '--json'], home.env);
    expect(access.exitCode, access.stderr).toBe(0);
    sshConfig = parseJson<{ files: { sshConfig: string } }>(access).files.sshConfig;
  });

  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    rmSync(scratch, { recursive: true, force: true });
    home.remove();
  });

  it('runs every machine in a user namespace: root inside is host uid 0x70000000, and sudo is root only there', async () => {
    for (const m of env.machines) {
      const status = await hostRead(`/proc/${m.leaderPid}/status`);
      expect(/^Uid:\s+(\d+)/m.exec(status)?.[1], m.role).toBe(String(USERNS_BASE));
    }
    const inside = await candidate('app', 'sudo cat /proc/self/uid_map; sudo id -u');
    expect(inside.exitCode, inside.stderr).toBe(0);
    expect(inside.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '))).toEqual([`0 ${USERNS_BASE} ${USERNS_SIZE}`, '0']);
  });

  it('seeds every file with shifted owners: nothing in any upper dir is owned outside the range, nothing inside shows as the overflow id', async () => {
    for (const m of env.machines) {
      const outside = await execa('find', [m.upperDir, '-xdev', '(', '!', '-uid', `+${USERNS_BASE - 1}`, '-o', '!', '-gid', `+${USERNS_BASE - 1}`, ')', '-print'], { reject: false });
      expect(outside.exitCode).toBe(0);
      expect(outside.stdout, m.role).toBe('');
    }
    const owners = await candidate('app', 'stat -c "%U:%G %n" / /etc /etc/hostname /etc/ssh/ssh_host_ed25519_key /home/candidate /var/lib/orders; sudo find / /var/lib/orders -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \\) -prune -o \\( -uid 65534 -o -gid 65534 \\) -print -quit');
    expect(owners.exitCode, owners.stderr).toBe(0);
    expect(owners.stdout.split('\n')).toEqual([
      'root:root /',
      'root:root /etc',
      'root:root /etc/hostname',
      'root:root /etc/ssh/ssh_host_ed25519_key',
      'candidate:candidate /home/candidate',
      'orders:orders /var/lib/orders',
    ]);
  });

  it('remounting /proc/sys read-write gives no write to host sysctls (fs.inotify.max_queued_events, kernel.core_pattern)', async () => {
    const inotify = '/proc/sys/fs/inotify/max_queued_events';
    const core = '/proc/sys/kernel/core_pattern';
    const [inotifyBefore, coreBefore] = [await hostRead(inotify), await hostRead(core)];
    const attack = await candidate(
      'app',
      `sudo mount -o remount,bind,rw /proc/sys; echo remount=$?
echo ${Number(inotifyBefore) + 4321} | sudo tee ${inotify} >/dev/null; echo inotify=$?
echo '|/tmp/fl-pwn %p' | sudo tee ${core} >/dev/null; echo core=$?
sudo sysctl -q -w kernel.core_pattern=/tmp/fl-pwn; echo sysctl=$?
sudo mount -o remount,bind,ro /proc/sys`,
    );
    try {
      expect(attack.stdout).toMatch(/inotify=[1-9]/);
      expect(attack.stdout).toMatch(/core=[1-9]/);
      expect(attack.stdout).toMatch(/sysctl=[1-9]/);
      expect(attack.stderr).toMatch(/Permission denied/);
      expect(await hostRead(inotify)).toBe(inotifyBefore);
      expect(await hostRead(core)).toBe(coreBefore);
    } finally {
      if ((await hostRead(inotify)) !== inotifyBefore) await hostWrite(inotify, inotifyBefore);
      if ((await hostRead(core)) !== coreBefore) await hostWrite(core, coreBefore);
    }
  });

  it('remounting /sys/kernel read-write gives no write to host kernel knobs', async () => {
    const knob = '/sys/kernel/mm/ksm/pages_to_scan';
    const valueBefore = await hostRead(knob);
    const attack = await candidate(
      'edge',
      `sudo mount -o remount,bind,rw /sys/kernel; echo remount=$?
echo ${Number(valueBefore) + 1} | sudo tee ${knob} >/dev/null; echo write=$?
sudo mount -o remount,rw /sys; echo sysremount=$?
echo ${Number(valueBefore) + 1} | sudo tee ${knob} >/dev/null; echo write2=$?
sudo mount -o remount,bind,ro /sys/kernel 2>/dev/null; true`,
    );
    try {
      expect(attack.stdout).toMatch(/write=[1-9]/);
      expect(attack.stdout).toMatch(/write2=[1-9]/);
      expect(await hostRead(knob)).toBe(valueBefore);
    } finally {
      if ((await hostRead(knob)) !== valueBefore) await hostWrite(knob, valueBefore);
    }
  });

  it('mounting the cgroup hierarchies inside and writing their limits changes nothing the host sees', async () => {
    const cgroup = cgroupName(machine('app').name);
    const limitsBefore = {
      memory: [await readLimit(cgroup, 'memory.limit_in_bytes'), await readLimit(cgroup, 'memory.max')],
      pids: await readLimit(cgroup, 'pids.max'),
      cpu: [await readLimit(cgroup, 'cpu.shares'), await readLimit(cgroup, 'cpu.weight')],
    };
    expect(limitsBefore.memory).toContain(String(MEMORY_BYTES));
    expect(limitsBefore.pids).toBe(String(PIDS_MAX));
    const attack = await candidate(
      'app',
      `sudo mkdir -p /mnt/fl-mem /mnt/fl-pids /mnt/fl-cpu
sudo mount -t cgroup -o memory cgroup /mnt/fl-mem; echo mount=$?
cat /mnt/fl-mem/memory.limit_in_bytes
echo 17179869184 | sudo tee /mnt/fl-mem/memory.limit_in_bytes >/dev/null; echo memory=$?
sudo mount -t cgroup -o pids cgroup /mnt/fl-pids && { echo max | sudo tee /mnt/fl-pids/pids.max >/dev/null; echo pids=$?; }
sudo mount -t cgroup -o cpu,cpuacct cgroup /mnt/fl-cpu 2>/dev/null || sudo mount -t cgroup -o cpu cgroup /mnt/fl-cpu && { echo 262144 | sudo tee /mnt/fl-cpu/cpu.shares >/dev/null; echo cpu=$?; }
for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max; do
  [ -e "$f" ] && { echo max | sudo tee "$f" >/dev/null 2>&1; echo "direct=$?"; }
done
sudo umount /mnt/fl-mem /mnt/fl-pids /mnt/fl-cpu 2>/dev/null; sudo rmdir /mnt/fl-mem /mnt/fl-pids /mnt/fl-cpu; true`,
    );
    // The hybrid host lets a namespaced root mount its own cgroup subtree, shown with the machine's limit, read-only to it.
    if (/mount=0/.test(attack.stdout)) {
      expect(attack.stdout).toContain(String(MEMORY_BYTES));
      expect(attack.stdout).toMatch(/memory=[1-9]/);
    }
    expect(attack.stdout).not.toMatch(/(pids|cpu|direct)=0/);
    expect({
      memory: [await readLimit(cgroup, 'memory.limit_in_bytes'), await readLimit(cgroup, 'memory.max')],
      pids: await readLimit(cgroup, 'pids.max'),
      cpu: [await readLimit(cgroup, 'cpu.shares'), await readLimit(cgroup, 'cpu.weight')],
    }).toEqual(limitsBefore);
  });

  it('the delegated cpu/memory subtree cannot lift the machine: a child cgroup set to 16 GiB still dies at the host-owned limit', async () => {
    const cgroup = cgroupName(machine('app').name);
    const hostDir = join('/sys/fs/cgroup/memory', cgroup);
    // Delegation is real: systemd inside made its slices in the host's hierarchy, owned by the machine's root; the machine's limit file is host root's.
    expect((await stat(join(hostDir, 'system.slice'))).uid).toBe(USERNS_BASE);
    expect((await stat(join(hostDir, 'memory.limit_in_bytes'))).uid).toBe(0);
    const limitsBefore = [await readLimit(cgroup, 'memory.limit_in_bytes'), await readLimit(cgroup, 'pids.max'), await readLimit(cgroup, 'cpu.shares')];
    const attack = await candidate(
      'app',
      `sudo chown root /sys/fs/cgroup/memory/memory.limit_in_bytes; echo chown=$?
sudo chmod 666 /sys/fs/cgroup/memory/memory.limit_in_bytes; echo chmod=$?
sudo mkdir /sys/fs/cgroup/memory/fl-escape /sys/fs/cgroup/cpu/fl-escape; echo mkdir=$?
echo 17179869184 | sudo tee /sys/fs/cgroup/memory/fl-escape/memory.limit_in_bytes >/dev/null; echo child=$?
echo 1000000 | sudo tee /sys/fs/cgroup/cpu/fl-escape/cpu.shares >/dev/null; echo shares=$?
sudo sh -c 'echo $$ > /sys/fs/cgroup/memory/fl-escape/cgroup.procs && exec perl -e "my \\$x = q(a) x (768 * 1024 * 1024); print qq(allocated\\n)"'; echo hog=$?
sudo rmdir /sys/fs/cgroup/memory/fl-escape /sys/fs/cgroup/cpu/fl-escape; true`,
    );
    expect(attack.stdout).toMatch(/chown=[1-9]/);
    expect(attack.stdout).toMatch(/chmod=[1-9]/);
    // Its own children it may make and set (that is the delegation); they stay below the machine's cgroup.
    expect(attack.stdout).toContain('mkdir=0');
    expect(attack.stdout).toContain('child=0');
    expect(attack.stdout).not.toContain('allocated');
    expect(attack.stdout, attack.stderr).toMatch(/hog=(137|1)/);
    expect([await readLimit(cgroup, 'memory.limit_in_bytes'), await readLimit(cgroup, 'pids.max'), await readLimit(cgroup, 'cpu.shares')]).toEqual(limitsBefore);
    // The hog really ran into the limit (it did not just fail to start): the machine's peak reached it and stopped there.
    const peak = Number(await readLimit(cgroup, 'memory.max_usage_in_bytes'));
    expect(peak).toBeGreaterThan(MEMORY_BYTES * 0.9);
    expect(peak).toBeLessThanOrEqual(MEMORY_BYTES);
  });

  it('a fork bomb (bounded: 700 sleepers at most, then all killed) hits the pids limit', async () => {
    const script = `perl -e 'my @k; for (1..700) { my $p = fork(); if (!defined $p) { print "failed_at=", scalar(@k), " err=$!\\n"; last } if ($p == 0) { sleep 60; exit 0 } push @k, $p } kill "KILL", @k; waitpid($_, 0) for @k; print "forked=", scalar(@k), "\\n"'`;
    const bomb = await candidate('store', script);
    expect(bomb.exitCode, bomb.stderr).toBe(0);
    const failedAt = Number(/failed_at=(\d+)/.exec(bomb.stdout)?.[1]);
    expect(failedAt).toBeGreaterThan(100);
    expect(failedAt).toBeLessThan(PIDS_MAX);
    expect(bomb.stdout).toMatch(/err=Resource temporarily unavailable/);
    const events = await readLimit(cgroupName(machine('store').name), 'pids.events');
    if (events !== undefined) expect(Number(/max (\d+)/.exec(events)?.[1])).toBeGreaterThan(0);
    const after = await candidate('store', 'echo still-usable');
    expect(after.stdout).toBe('still-usable');
  });

  it('the root filesystem is bounded: df / shows the configured size, a runaway write ends in ENOSPC inside, host usage stays bounded', async () => {
    const envDir = join(home.home, 'envs', env.name);
    const hostUsage = async () => Number((await execa('du', ['-s', '-B1', '-x', envDir])).stdout.split('\t')[0]);
    const df = await candidate('mon', 'df -B1 --output=size,fstype / | tail -n 1');
    const size = Number(df.stdout.trim().split(/\s+/)[0]);
    expect(size).toBeGreaterThan(DISK_BYTES * 0.9);
    expect(size).toBeLessThanOrEqual(DISK_BYTES);
    const usageBefore = await hostUsage();
    const fill = await candidate('mon', 'sudo dd if=/dev/zero of=/var/tmp/fl-fill bs=1M count=2048 2>&1; echo dd=$?; df -B1 --output=avail / | tail -n 1', 120_000);
    try {
      expect(fill.stdout).toContain('No space left on device');
      expect(fill.stdout).toMatch(/dd=1/);
      expect(Number(fill.stdout.trim().split('\n').at(-1))).toBeLessThan(16 * 1024 * 1024);
      // Everything the write cost the host is inside mon's disk image: at most its size.
      expect((await hostUsage()) - usageBefore).toBeLessThanOrEqual(DISK_BYTES);
    } finally {
      await candidate('mon', 'sudo rm -f /var/tmp/fl-fill');
    }
  });

  it('down leaves no loop device, mount, disk image, cgroup or process behind', async () => {
    const down = await faultline(['down', env.name, '--wait'], home.env);
    expect(down.exitCode, down.stderr).toBe(0);
    const residue = await snapshotResidue(home.home);
    expect(residue.loopDevices).toEqual(before.loopDevices);
    expect(residue).toEqual(before);
    const leftover = await execa('find', [home.home, '-name', '*.disk'], { reject: false });
    expect(leftover.stdout).toBe('');
  });
});

describe.skipIf(skipReason !== undefined)('up on a host that cannot create user namespaces', () => {
  it('refuses before creating anything, exit 49, naming the missing kernel feature and the opt-out', async () => {
    const home = createTestHome();
    const bin = mkdtempSync(join(tmpdir(), 'fl-no-userns-'));
    try {
      // The kernel here can; an unshare that fails as it does without CONFIG_USER_NS stands in for such a host.
      writeFileSync(join(bin, 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n', { mode: 0o755 });
      const up = await faultline(['up', 'baseline', '--candidate', 'ada'], { ...home.env, PATH: `${bin}:${process.env.PATH ?? ''}` });
      expect(up.exitCode, up.stderr).toBe(49);
      expect(up.stderr).toContain('cannot run in a user namespace');
      expect(up.stderr).toContain('unshare --user');
      expect(up.stderr).toContain('local.userNamespace: false');
      const envs = await execa('sh', ['-c', `ls -A ${join(home.home, 'envs')} 2>/dev/null | wc -l`]);
      expect(envs.stdout.trim()).toBe('0');
    } finally {
      rmSync(bin, { recursive: true, force: true });
      home.remove();
    }
  });
});
