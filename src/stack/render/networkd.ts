import type { Role } from '../topology.js';
import type { RenderedFile } from './rendered-file.js';
import type { StackInput } from './stack-input.js';
import { enableUnit, renderIni, VENDOR_UNIT_DIR } from './systemd.js';

/**
 * systemd-networkd reads .network files from /etc, /run and /lib sorted by
 * file name across all three, and the first match wins. systemd ships
 * /lib/systemd/network/80-container-host0.network (DHCP on host0 in any
 * container), which sorts before "80-faultline", so ours is named
 * 10-faultline.network, and the packaged file is masked as well.
 */
export const NETWORK_FILE = '/etc/systemd/network/10-faultline.network';

/**
 * Static address on the container's `host0` link: no gateway, no default
 * route and no DNS (the environment has no way out; names come from
 * /etc/hosts). Also enables systemd-networkd and its wait-online service so
 * `After=network-online.target` means the address is up.
 */
export function renderNetworkdFiles(role: Role, input: StackInput): RenderedFile[] {
  const content = renderIni(
    [
      { name: 'Match', entries: [['Name', 'host0']] },
      {
        name: 'Network',
        entries: [
          ['Address', `${input.addresses[role]}/24`],
          ['LinkLocalAddressing', 'no'],
          ['IPv6AcceptRA', 'no'],
          ['LLDP', 'no'],
        ],
      },
    ],
    `faultline ${input.envName}: ${role} has a static address and no route out.`,
  );
  return [
    { path: NETWORK_FILE, content },
    { path: '/etc/systemd/network/80-container-host0.network', symlinkTo: '/dev/null' },
    enableUnit('systemd-networkd.service', 'multi-user.target', VENDOR_UNIT_DIR),
    enableUnit('systemd-networkd.socket', 'sockets.target', VENDOR_UNIT_DIR),
    enableUnit('systemd-networkd-wait-online.service', 'network-online.target', VENDOR_UNIT_DIR),
  ];
}
