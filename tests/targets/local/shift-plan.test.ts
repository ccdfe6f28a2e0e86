import { describe, expect, it } from 'vitest';
import { parseGetcap, planShift } from '../../../src/targets/local/image/shift-plan.js';
import { hostId, idShiftFor, NO_SHIFT, USERNS_BASE, USERNS_SHIFT, usernsArgs } from '../../../src/targets/local/userns.js';

describe('user namespace ids', () => {
  it('maps machine ids 0…65535 onto the fixed host range, and is the identity without a user namespace', () => {
    expect(hostId(USERNS_SHIFT, 0)).toBe(USERNS_BASE);
    expect(hostId(USERNS_SHIFT, 65534)).toBe(USERNS_BASE + 65534);
    expect(hostId(NO_SHIFT, 990)).toBe(990);
    expect(idShiftFor(false)).toBe(NO_SHIFT);
    expect(idShiftFor(true).shift).toBe(0x7000_0000);
  });

  it('refuses ids the namespace does not map (they would show up as nobody inside)', () => {
    expect(() => hostId(USERNS_SHIFT, 65536)).toThrow(RangeError);
    expect(() => hostId(USERNS_SHIFT, -1)).toThrow(RangeError);
  });

  it('gives nspawn the fixed range with ownership off, and nothing without a user namespace', () => {
    expect(usernsArgs(USERNS_SHIFT)).toEqual(['--private-users=1879048192:65536', '--private-users-ownership=off']);
    expect(usernsArgs(NO_SHIFT)).toEqual([]);
  });
});

describe('shift planning', () => {
  it('offsets owner and group, from the source entry', () => {
    expect(planShift(USERNS_SHIFT, { uid: 0, gid: 42, mode: 0o100640, symlink: false })).toEqual({ uid: USERNS_BASE, gid: USERNS_BASE + 42, restoreMode: undefined });
  });

  it('puts setuid/setgid bits back after the chown that clears them, never on symlinks', () => {
    expect(planShift(USERNS_SHIFT, { uid: 0, gid: 0, mode: 0o104755, symlink: false }).restoreMode).toBe(0o4755);
    expect(planShift(USERNS_SHIFT, { uid: 0, gid: 5, mode: 0o102755, symlink: false }).restoreMode).toBe(0o2755);
    expect(planShift(USERNS_SHIFT, { uid: 0, gid: 0, mode: 0o42775, symlink: false }).restoreMode).toBe(0o2775);
    expect(planShift(USERNS_SHIFT, { uid: 0, gid: 0, mode: 0o120777, symlink: true }).restoreMode).toBeUndefined();
  });

  it('is absolute, so an inode reached twice through hard links is not shifted twice', () => {
    const entry = { uid: 7, gid: 7, mode: 0o100644, symlink: false };
    expect(planShift(USERNS_SHIFT, entry)).toEqual(planShift(USERNS_SHIFT, entry));
  });

  it('reads file capabilities from getcap -r, v3 root ids and empty sets included', () => {
    const out = './usr/bin/ping cap_net_raw=ep\n./usr/bin/prometheus-blackbox-exporter =\n./usr/bin/x cap_net_admin,cap_net_raw=eip [rootid=1000]\n\n';
    expect(parseGetcap(out)).toEqual([
      { path: 'usr/bin/ping', caps: 'cap_net_raw=ep' },
      { path: 'usr/bin/prometheus-blackbox-exporter', caps: '=' },
      { path: 'usr/bin/x', caps: 'cap_net_admin,cap_net_raw=eip' },
    ]);
  });
});
