import { PORTS, type Role } from '../topology.js';
import type { RenderedFile } from './rendered-file.js';
import { enableUnit, renderDropIn, renderIni, VENDOR_UNIT_DIR } from './systemd.js';

/** Where systemd-journal-remote on mon writes one journal file per sending host. */
export const REMOTE_JOURNAL_DIR = '/var/log/journal/remote/';

/**
 * Central journals: systemd-journal-upload on every machine (mon included)
 * sends to systemd-journal-remote on mon over plain HTTP.
 *
 * Debian's systemd-journal-remote.service is socket-activated
 * (systemd-journal-remote.socket listens on 19532, fd 3; the service runs
 * with PrivateNetwork=yes, so it can only use the passed socket) and starts
 * `--listen-https=-3`, which needs a server key and certificate. The drop-in
 * replaces ExecStart with `--listen-http=-3` on the same socket. The service
 * has no [Install] section of its own: enabling the socket is what enables it.
 *
 * systemd-journal-upload restarts on failure, but with systemd's default
 * start limit it would give up while mon is still booting; the drop-in lifts
 * the limit and spaces restarts.
 */
export function renderJournalFiles(role: Role): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      path: '/etc/systemd/journal-upload.conf',
      content: renderIni([{ name: 'Upload', entries: [['URL', `http://mon:${PORTS.journalRemote}`]] }], 'faultline: ship this machine\'s journal to mon.'),
    },
    renderDropIn('systemd-journal-upload.service', 'faultline', [
      { name: 'Unit', entries: [['StartLimitIntervalSec', 0]] },
      { name: 'Service', entries: [['RestartSec', '5s']] },
    ]),
    enableUnit('systemd-journal-upload.service', 'multi-user.target', VENDOR_UNIT_DIR),
  ];
  if (role === 'mon') {
    files.push(
      renderDropIn(
        'systemd-journal-remote.service',
        'faultline',
        [
          {
            name: 'Service',
            entries: [
              ['ExecStart', ''],
              ['ExecStart', `/lib/systemd/systemd-journal-remote --listen-http=-3 --output=${REMOTE_JOURNAL_DIR}`],
            ],
          },
        ],
        'faultline: plain HTTP on the socket-activated port (no TLS inside the environment).',
      ),
      enableUnit('systemd-journal-remote.socket', 'sockets.target', VENDOR_UNIT_DIR),
    );
  }
  return files;
}
