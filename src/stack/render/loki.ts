import { stringify } from 'yaml';
import { PORTS } from '../topology.js';
import type { RenderedFile } from './rendered-file.js';
import type { StackInput } from './stack-input.js';
import { enableUnit, renderUnitFile } from './systemd.js';

export const LOKI_BINARY = '/usr/local/bin/loki';
export const LOKI_CONFIG = '/etc/faultline/loki.yml';
export const LOKI_DATA_DIR = '/var/lib/loki';

/**
 * Loki single binary on mon, when `input.loki` names a loki binary on the
 * host: the binary (copied), its config and faultline-loki.service. Loki is
 * not packaged in Debian, so tests here render and parse this config but
 * cannot run Loki against it.
 */
export function renderLokiFiles(input: StackInput): RenderedFile[] {
  if (!input.loki) return [];
  return [
    { path: LOKI_BINARY, copyFrom: input.loki.binaryPath, mode: 0o755 },
    { path: LOKI_CONFIG, content: renderLokiConfig(input) },
    renderUnitFile('faultline-loki.service', [
      {
        name: 'Unit',
        entries: [
          ['Description', 'Loki log store (faultline)'],
          ['Wants', 'network-online.target'],
          ['After', 'network-online.target'],
        ],
      },
      {
        name: 'Service',
        entries: [
          ['DynamicUser', true],
          ['StateDirectory', 'loki'],
          ['ExecStart', `${LOKI_BINARY} -config.file=${LOKI_CONFIG}`],
          ['Restart', 'on-failure'],
          ['RestartSec', '5s'],
        ],
      },
      { name: 'Install', entries: [['WantedBy', 'multi-user.target']] },
    ]),
    enableUnit('faultline-loki.service', 'multi-user.target'),
  ];
}

/** Single-node Loki: filesystem storage under /var/lib/loki, no auth, 24 h retention. */
export function renderLokiConfig(input: StackInput): string {
  const config = {
    auth_enabled: false,
    server: { http_listen_port: PORTS.loki, grpc_listen_port: 9096, log_level: 'warn' },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: LOKI_DATA_DIR,
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
      storage: {
        filesystem: { chunks_directory: `${LOKI_DATA_DIR}/chunks`, rules_directory: `${LOKI_DATA_DIR}/rules` },
      },
    },
    schema_config: {
      configs: [
        {
          from: '2024-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    limits_config: { retention_period: '24h', allow_structured_metadata: true },
    compactor: {
      working_directory: `${LOKI_DATA_DIR}/compactor`,
      retention_enabled: true,
      delete_request_store: 'filesystem',
    },
    analytics: { reporting_enabled: false },
  };
  return `# faultline ${input.envName} (${input.envId}): Loki on mon.\n${stringify(config, { lineWidth: 0 })}`;
}
