import { ORDERS_CACHE_MB, PATHS, PORTS, type Role } from '../topology.js';
import type { RenderedFile } from './rendered-file.js';
import { nodeCommand } from './runtime-memory.js';
import { enableUnit, maskUnit, renderDropIn, renderUnitFile } from './systemd.js';

/** Where the bundled programs run from (orders, loadgen and recorder paths are in PATHS). */
export const LOG_SHIPPER_BUNDLE = '/opt/faultline/log-shipper.js';

/** System users created at first boot by systemd-sysusers. */
export const SYSUSERS_FILE = '/etc/sysusers.d/faultline.conf';

/**
 * Packaged services Debian enables on install, by the role they belong to.
 * Every machine boots the same image, so each role masks the others'.
 */
export const ROLE_SERVICES: Readonly<Record<string, Role>> = {
  'nginx.service': 'edge',
  'etcd.service': 'store',
  'prometheus.service': 'mon',
  'prometheus-alertmanager.service': 'mon',
  'prometheus-blackbox-exporter.service': 'mon',
};

/** orders@N listens on ORDERS_PORT_PREFIX + N: PORTS.appInstances must be 8081, 8082, … */
export const ORDERS_PORT_PREFIX = '808';

/**
 * Users and data directory. A sysusers.d file is the one approach that works
 * when seeding an overlay upper dir before first boot (editing /etc/passwd
 * would shadow the image's whole file). systemd-sysusers.service only runs
 * when /etc/.updated is older than /usr (ConditionNeedsUpdate=/etc), which
 * need not hold on an image built elsewhere, so a drop-in clears its
 * conditions; it is idempotent. tmpfiles then gives the data volume to
 * `orders` at every boot (it runs after sysusers).
 */
export function renderUserFiles(role: Role): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      path: SYSUSERS_FILE,
      content: [
        '# faultline service users (sysusers.d(5))',
        'u orders - "faultline orders service" /var/lib/orders /usr/sbin/nologin',
        'u faultline - "faultline helpers" /var/lib/faultline /usr/sbin/nologin',
        '',
      ].join('\n'),
    },
    renderDropIn(
      'systemd-sysusers.service',
      'faultline',
      [{ name: 'Unit', entries: [['ConditionNeedsUpdate', '']] }],
      'faultline: always create the users in /etc/sysusers.d, even on an image whose /etc/.updated is current.',
    ),
  ];
  if (role === 'app') {
    files.push({
      path: '/etc/tmpfiles.d/faultline-orders.conf',
      content: `# faultline: the orders data volume belongs to the orders user.\nd ${PATHS.appData} 0750 orders orders -\n`,
    });
  }
  return files;
}

/** Mask the packaged services that do not belong to `role`. */
export function renderServiceMasks(role: Role): RenderedFile[] {
  return Object.entries(ROLE_SERVICES)
    .filter(([, owner]) => owner !== role)
    .map(([unit]) => maskUnit(unit));
}

/** orders@.service with instances 1 and 2 enabled, for app. */
export function renderOrdersUnits(): RenderedFile[] {
  const template = renderUnitFile(
    'orders@.service',
    [
      {
        name: 'Unit',
        entries: [
          ['Description', 'faultline orders service, instance %i'],
          ['Wants', 'network-online.target'],
          ['After', 'network-online.target'],
        ],
      },
      {
        name: 'Service',
        entries: [
          ['Type', 'simple'],
          ['User', 'orders'],
          ['Group', 'orders'],
          ['Environment', `ORDERS_PORT=${ORDERS_PORT_PREFIX}%i`],
          ['Environment', 'ORDERS_INSTANCE=app-%i'],
          ['Environment', `ORDERS_DATA_DIR=${PATHS.appData}`],
          ['Environment', `ORDERS_ETCD_URL=http://store:${PORTS.etcdClient}`],
          ['Environment', `ORDERS_CACHE_MB=${ORDERS_CACHE_MB}`],
          ['ExecStart', nodeCommand(PATHS.appBundle)],
          ['Restart', 'on-failure'],
          ['RestartSec', '2s'],
          ['NoNewPrivileges', true],
        ],
      },
      { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
    ],
    'faultline: the orders API. Instance N listens on 808N as app-N.',
  );
  return [template, ...PORTS.appInstances.map((_, index) => enableUnit(`orders@${index + 1}.service`, 'multi-user.target'))];
}

/** The load generator and the alert recorder, for mon. */
export function renderMonUnits(): RenderedFile[] {
  const base = (description: string) => ({
    name: 'Unit',
    entries: [
      ['Description', description],
      ['Wants', 'network-online.target'],
      ['After', 'network-online.target'],
    ] as const,
  });
  const loadgen = renderUnitFile('faultline-loadgen.service', [
    base('faultline load generator: steady traffic through the edge'),
    {
      name: 'Service',
      entries: [
        ['User', 'faultline'],
        ['Environment', 'LOADGEN_URL=https://edge/api/orders'],
        ['Environment', `LOADGEN_CA=${PATHS.caCert}`],
        ['ExecStart', nodeCommand(PATHS.loadgenBundle)],
        ['Restart', 'always'],
        ['RestartSec', '2s'],
        ['NoNewPrivileges', true],
      ],
    },
    { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
  ]);
  const recorder = renderUnitFile('faultline-alert-recorder.service', [
    base('faultline alert recorder: Alertmanager webhook to a JSONL log'),
    {
      name: 'Service',
      entries: [
        ['User', 'faultline'],
        ['StateDirectory', 'faultline'],
        ['Environment', 'ALERT_RECORDER_HOST=127.0.0.1'],
        ['Environment', `ALERT_RECORDER_PORT=${PORTS.alertRecorder}`],
        ['Environment', `ALERT_RECORDER_LOG=${PATHS.alertLog}`],
        ['ExecStart', nodeCommand(PATHS.recorderBundle)],
        ['Restart', 'always'],
        ['RestartSec', '2s'],
        ['NoNewPrivileges', true],
      ],
    },
    { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
  ]);
  return [
    loadgen,
    recorder,
    enableUnit('faultline-loadgen.service', 'multi-user.target'),
    enableUnit('faultline-alert-recorder.service', 'multi-user.target'),
  ];
}

/** The log shipper (every machine, only when Loki runs on mon). */
export function renderLogShipperUnits(role: Role): RenderedFile[] {
  return [
    renderUnitFile('faultline-log-shipper.service', [
      {
        name: 'Unit',
        entries: [
          ['Description', 'faultline log shipper: journal to Loki on mon'],
          ['Wants', 'network-online.target'],
          ['After', 'network-online.target'],
        ],
      },
      {
        name: 'Service',
        entries: [
          ['User', 'faultline'],
          ['SupplementaryGroups', 'systemd-journal adm'],
          ['StateDirectory', 'faultline-log-shipper'],
          ['Environment', `LOKI_URL=http://mon:${PORTS.loki}`],
          ['Environment', `LOG_SHIPPER_MACHINE=${role}`],
          ['Environment', 'LOG_SHIPPER_STATE=/var/lib/faultline-log-shipper/cursor'],
          ['ExecStart', nodeCommand(LOG_SHIPPER_BUNDLE)],
          ['Restart', 'always'],
          ['RestartSec', '5s'],
          ['NoNewPrivileges', true],
        ],
      },
      { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
    ]),
    enableUnit('faultline-log-shipper.service', 'multi-user.target'),
  ];
}
