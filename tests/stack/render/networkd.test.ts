import { describe, expect, it } from 'vitest';
import { NETWORK_FILE, renderNetworkdFiles } from '../../../src/stack/render/networkd.js';
import { isContent, isSymlink } from '../../../src/stack/render/rendered-file.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';
import { STUB_STACK_INPUT } from '../stack-fixture.js';

const input = parseStackInput(STUB_STACK_INPUT);

describe('renderNetworkdFiles', () => {
  const files = renderNetworkdFiles('app', input);
  const network = files.find((f) => f.path === NETWORK_FILE);

  it('gives host0 the static address and nothing that leads out', () => {
    expect(network && isContent(network)).toBe(true);
    const text = network && isContent(network) ? network.content : '';
    expect(text).toMatch(/^\[Match\]\nName=host0$/m);
    expect(text).toMatch(/^Address=10\.213\.7\.11\/24$/m);
    expect(text).not.toMatch(/Gateway|DNS|DHCP=yes|Route/);
  });

  it('sorts before systemd\'s own container network file, which is masked too', () => {
    const file = NETWORK_FILE.split('/').pop()!;
    expect(file < '80-container-host0.network').toBe(true);
    expect(files).toContainEqual({ path: '/etc/systemd/network/80-container-host0.network', symlinkTo: '/dev/null' });
  });

  it('enables networkd and wait-online as `systemctl enable` would', () => {
    expect(files.filter(isSymlink).map((f) => [f.path, f.symlinkTo])).toEqual(
      expect.arrayContaining([
        ['/etc/systemd/system/multi-user.target.wants/systemd-networkd.service', '/lib/systemd/system/systemd-networkd.service'],
        ['/etc/systemd/system/sockets.target.wants/systemd-networkd.socket', '/lib/systemd/system/systemd-networkd.socket'],
        [
          '/etc/systemd/system/network-online.target.wants/systemd-networkd-wait-online.service',
          '/lib/systemd/system/systemd-networkd-wait-online.service',
        ],
      ]),
    );
  });
});
