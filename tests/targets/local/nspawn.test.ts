import { describe, expect, it } from 'vitest';
import { nspawnArgs } from '../../../src/targets/local/nspawn.js';
import { USERNS_SHIFT } from '../../../src/targets/local/userns.js';

describe('nspawn arguments', () => {
  const args = nspawnArgs({
    name: 'fl-abcdef-app',
    rootfs: '/img',
    upperDir: '/env/machines/app',
    bridge: 'flb-abcdef',
    binds: [{ host: '/env/volumes/app-data', container: '/var/lib/orders' }],
    cgroupProcs: [],
    consoleLog: '/env/app.console.log',
  });

  it('boots an overlay of the read-only image on the environment bridge, bind-mounting the data volume', () => {
    expect(args).toEqual(
      expect.arrayContaining(['--boot', '--machine=fl-abcdef-app', '--overlay=/img:/env/machines/app:/', '--network-bridge=flb-abcdef', '--bind=/env/volumes/app-data:/var/lib/orders']),
    );
  });

  it('works without host systemd and leaves nothing on the host: no registration, no --port, no journal link, no host resolv.conf', () => {
    expect(args).toEqual(expect.arrayContaining(['--register=no', '--keep-unit', '--link-journal=no', '--resolv-conf=off']));
    expect(args.some((a) => a.startsWith('--port'))).toBe(false);
  });
});

describe('nspawn arguments in the user namespace', () => {
  it('runs the machine in the fixed uid range with ownership off (the image is pre-shifted)', () => {
    const args = nspawnArgs({ name: 'fl-abcdef-app', rootfs: '/img', upperDir: '/u', binds: [], cgroupProcs: [], consoleLog: '/c', ids: USERNS_SHIFT });
    expect(args).toEqual(expect.arrayContaining(['--private-users=1879048192:65536', '--private-users-ownership=off', '--overlay=/img:/u:/']));
  });

  it('has no user namespace flags when config opts out', () => {
    const args = nspawnArgs({ name: 'fl-abcdef-app', rootfs: '/img', upperDir: '/u', binds: [], cgroupProcs: [], consoleLog: '/c' });
    expect(args.some((a) => a.startsWith('--private-users'))).toBe(false);
  });
});

describe('nspawn arguments without a bridge', () => {
  it('gives the machine a private network (loopback only), as the benchmark’s raw boot uses', () => {
    const args = nspawnArgs({ name: 'flbench-edge', rootfs: '/img', upperDir: '/u', binds: [], cgroupProcs: [], consoleLog: '/c' });
    expect(args).toContain('--private-network');
    expect(args.some((a) => a.startsWith('--network-bridge'))).toBe(false);
  });
});
