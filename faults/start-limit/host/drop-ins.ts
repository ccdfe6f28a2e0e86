import { PORTS } from '../../../src/stack/topology.js';
import type { StartLimitParams } from './params.js';

/** The ops team's restart policy (not the cause; it stays). */
export const POLICY_DROP_IN = '10-restart-policy.conf';
/** The config rollout (a drop-in pointing at the env file, or turning on the trace log). */
export const CONFIG_DROP_IN = '50-config-rollout.conf';
/** bad-port / bad-etcd-url: the environment file the rollout wrote. */
export const ENV_FILE = '/etc/orders/orders.env';
/** missing-trace-dir: where the trace log goes (the directory does not exist). */
export const TRACE_DIR = '/var/log/orders';

/** "Give up after N crashes in 30 minutes and page a human." */
export function renderPolicy(params: StartLimitParams): string {
  return [
    '# OPS-12 restart policy: give up after a few crashes and page a human instead of flapping.',
    '[Unit]',
    'StartLimitIntervalSec=30min',
    `StartLimitBurst=${params.burst}`,
    '',
    '[Service]',
    'RestartSec=1s',
    '',
  ].join('\n');
}

/**
 * The rollout's drop-in. The bad value lives where systemd reads it at every
 * start (an EnvironmentFile=, or a directory on disk), so fixing it needs no
 * daemon-reload — and without a reload the start limit still holds until
 * `systemctl reset-failed`.
 */
export function renderConfig(params: StartLimitParams): string {
  const line = params.variant === 'missing-trace-dir' ? `Environment=ORDERS_TRACE_LOG=${TRACE_DIR}/requests.log` : `EnvironmentFile=${ENV_FILE}`;
  return [`# CHG-3310: orders config rollout (wave 1: instance ${params.instance}).`, '[Service]', line, ''].join('\n');
}

/** bad-port / bad-etcd-url: the environment file with one bad value. */
export function renderEnvFile(params: StartLimitParams): string {
  const port = PORTS.appInstances[params.instance - 1] ?? PORTS.appInstances[0];
  const bad = params.variant === 'bad-port' ? `ORDERS_PORT=${port}${params.instance}` : `ORDERS_ETCD_URL=store:${PORTS.etcdClient}`;
  return ['# managed by config management (CHG-3310)', 'ORDERS_DATA_DIR=/var/lib/orders', bad, ''].join('\n');
}

/** The env file as the reference fix leaves it: the bad line removed. */
export function repairEnvFile(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^ORDERS_(PORT|ETCD_URL)=/.test(line))
    .join('\n');
}
