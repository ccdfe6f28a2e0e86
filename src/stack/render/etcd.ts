import { PORTS } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/** etcd's backend quota: small, so a scenario can fill it (NOSPACE alarm) in seconds. */
export const ETCD_QUOTA_BACKEND_BYTES = 64 * 1024 * 1024;
export const ETCD_DATA_DIR = '/var/lib/etcd/default';

/**
 * /etc/default/etcd for Debian's etcd.service (`EnvironmentFile=-/etc/default/%p`).
 * A single member: clients on every address (metrics at /metrics on the same
 * port), peers on loopback only — so etcd never depends on the machine's
 * address being up when it starts (the unit is not ordered after
 * network-online.target and restarts only on-abnormal).
 */
export function renderEtcdFiles(input: StackInput): RenderedContent[] {
  return [{ path: '/etc/default/etcd', content: renderEtcdEnvironment(input) }];
}

/** The ETCD_* variables, one per line. */
export function renderEtcdEnvironment(input: StackInput): string {
  const peer = `http://127.0.0.1:${PORTS.etcdPeer}`;
  const vars: Record<string, string | number> = {
    ETCD_NAME: 'store',
    ETCD_DATA_DIR: ETCD_DATA_DIR,
    ETCD_LISTEN_CLIENT_URLS: `http://0.0.0.0:${PORTS.etcdClient}`,
    ETCD_ADVERTISE_CLIENT_URLS: `http://${input.addresses.store}:${PORTS.etcdClient}`,
    ETCD_LISTEN_PEER_URLS: peer,
    ETCD_INITIAL_ADVERTISE_PEER_URLS: peer,
    ETCD_INITIAL_CLUSTER: `store=${peer}`,
    ETCD_INITIAL_CLUSTER_STATE: 'new',
    ETCD_INITIAL_CLUSTER_TOKEN: `faultline-${input.envId}`,
    ETCD_QUOTA_BACKEND_BYTES: ETCD_QUOTA_BACKEND_BYTES,
    ETCD_METRICS: 'basic',
    ETCD_LOGGER: 'zap',
    ETCD_LOG_OUTPUTS: 'stderr',
  };
  const lines = Object.entries(vars).map(([key, value]) => `${key}="${value}"`);
  return `# faultline ${input.envName} (${input.envId}): single-member etcd on store.\n${lines.join('\n')}\n`;
}
