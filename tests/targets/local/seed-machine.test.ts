import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedUpperDir } from '../../../src/targets/local/seed-machine.js';
import { USERNS_BASE, USERNS_SHIFT } from '../../../src/targets/local/userns.js';

const isRoot = process.getuid?.() === 0;
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'faultline-seed-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('seedUpperDir', () => {
  it('writes the identity, then every entry with its mode', async () => {
    await seedUpperDir(root, 'edge', [
      { path: '/etc/faultline/a.conf', content: 'a\n', mode: 0o600 },
      { path: '/etc/systemd/system/multi-user.target.wants/x.service', symlinkTo: '/etc/systemd/system/x.service' },
    ]);
    expect(await readFile(join(root, 'etc/hostname'), 'utf8')).toBe('edge\n');
    expect(await readFile(join(root, 'etc/machine-id'), 'utf8')).toMatch(/^[0-9a-f]{32}\n$/);
    expect((await stat(join(root, 'etc/faultline/a.conf'))).mode & 0o7777).toBe(0o600);
    expect(await readlink(join(root, 'etc/systemd/system/multi-user.target.wants/x.service'))).toBe('/etc/systemd/system/x.service');
  });

  it.skipIf(!isRoot)('creates directories with exact modes (sticky bit included) and owners, and keeps them when files go inside', async () => {
    await seedUpperDir(root, 'app', [
      { path: '/home/candidate', directory: true, mode: 0o750, uid: 1000, gid: 1000 },
      { path: '/home/candidate/.bashrc', content: '# rc\n', mode: 0o644, uid: 1000, gid: 1000 },
      { path: '/var/log/faultline/sessions', directory: true, mode: 0o1733 },
      { path: '/etc/shadow', content: 'root:*:1::::::\n', mode: 0o640, gid: 42 },
    ]);
    const home = await stat(join(root, 'home/candidate'));
    expect([home.mode & 0o7777, home.uid, home.gid]).toEqual([0o750, 1000, 1000]);
    const rc = await lstat(join(root, 'home/candidate/.bashrc'));
    expect([rc.mode & 0o7777, rc.uid, rc.gid]).toEqual([0o644, 1000, 1000]);
    const sessions = await stat(join(root, 'var/log/faultline/sessions'));
    expect([sessions.mode & 0o7777, sessions.uid, sessions.gid]).toEqual([0o1733, 0, 0]);
    const shadow = await stat(join(root, 'etc/shadow'));
    expect([shadow.mode & 0o7777, shadow.uid, shadow.gid]).toEqual([0o640, 0, 42]);
  });

  it.skipIf(!isRoot)('shifts every owner into the user namespace, the upper dir itself included, and gives made parents the image’s owner and mode', async () => {
    const upper = join(root, 'upper');
    const lower = join(root, 'lower');
    await mkdir(join(lower, 'var/lib/prometheus'), { recursive: true });
    await chown(join(lower, 'var/lib/prometheus'), USERNS_BASE + 110, USERNS_BASE + 120);
    await chmod(join(lower, 'var/lib/prometheus'), 0o750);
    await seedUpperDir(upper, 'mon', [
      { path: '/home/candidate', directory: true, mode: 0o750, uid: 1000, gid: 1000 },
      { path: '/var/lib/prometheus/x.yml', content: 'x\n', mode: 0o644 },
      { path: '/etc/shadow', content: 'root:*:1::::::\n', mode: 0o640, gid: 42 },
      { path: '/etc/systemd/system/a.service', symlinkTo: '/dev/null' },
    ], { ids: USERNS_SHIFT, lowerRoot: lower });
    const owner = async (path: string) => {
      const s = await lstat(join(upper, path));
      return [s.uid - USERNS_BASE, s.gid - USERNS_BASE, s.mode & 0o7777];
    };
    expect(await owner('')).toEqual([0, 0, expect.any(Number)]);
    expect(await owner('home/candidate')).toEqual([1000, 1000, 0o750]);
    expect(await owner('home')).toEqual([0, 0, 0o755]);
    expect(await owner('var/lib/prometheus')).toEqual([110, 120, 0o750]);
    expect(await owner('var/lib/prometheus/x.yml')).toEqual([0, 0, 0o644]);
    expect(await owner('etc/shadow')).toEqual([0, 42, 0o640]);
    expect(await owner('etc/hostname')).toEqual([0, 0, 0o644]);
    expect((await owner('etc/systemd/system/a.service')).slice(0, 2)).toEqual([0, 0]);
  });

  it('replaces a file seeded earlier instead of failing', async () => {
    await seedUpperDir(root, 'mon', [{ path: '/etc/hostname', content: 'mon-override\n' }]);
    expect(await readFile(join(root, 'etc/hostname'), 'utf8')).toBe('mon-override\n');
  });
});
