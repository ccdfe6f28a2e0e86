import { PORTS } from '../../../src/stack/topology.js';
import type { StartLimitParams } from './params.js';

/** The ops team's restart policy (not the cause; it stays). */
export const POLICY_DROP_IN = '10-restart-policy.conf';
/** The config rollout with the bad value (the cause). */
export const CONFIG_DROP_IN = '50-config-rollout.conf';

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

/** The rollout's environment with one bad value. */
export function renderConfig(params: StartLimitParams): string {
  const port = PORTS.appInstances[params.instance - 1] ?? PORTS.appInstances[0];
  const line =
    params.variant === 'bad-port'
      ? `Environment=ORDERS_PORT=${port}${params.instance}`
      : params.variant === 'missing-trace-dir'
        ? 'Environment=ORDERS_TRACE_LOG=/var/log/orders/requests.log'
        : `Environment=ORDERS_ETCD_URL=store:${PORTS.etcdClient}`;
  return ['# CHG-3310: orders config rollout (wave 1: instance ' + String(params.instance) + ').', '[Service]', line, ''].join('\n');
}
