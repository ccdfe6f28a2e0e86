import { describe, expect, it } from 'vitest';
import { machineDiskFor, mkfsArgs, parseLosetup } from '../../../src/targets/local/machine-disk.js';

describe('machine root disks', () => {
  it('mounts on the upper dir’s parent (so nspawn’s overlay work dir lands on the same filesystem), image next to it', () => {
    expect(machineDiskFor('/h/envs/e/machines/app/upper')).toEqual({ mountPoint: '/h/envs/e/machines/app', imageFile: '/h/envs/e/machines/app.disk' });
  });

  it('formats ext4 with no reserved blocks and the root dir owned by the machine’s root', () => {
    expect(mkfsArgs('/d.disk', 1879048192)).toEqual(['-q', '-F', '-m', '0', '-E', 'root_owner=1879048192:1879048192,lazy_itable_init=1,lazy_journal_init=1', '/d.disk']);
  });

  it('parses losetup’s list, deleted backing files included', () => {
    expect(parseLosetup('/dev/loop0 /h/envs/e/machines/app.disk\n/dev/loop1 /h/envs/e/machines/mon.disk (deleted)\n')).toEqual([
      { device: '/dev/loop0', backingFile: '/h/envs/e/machines/app.disk' },
      { device: '/dev/loop1', backingFile: '/h/envs/e/machines/mon.disk' },
    ]);
  });
});
