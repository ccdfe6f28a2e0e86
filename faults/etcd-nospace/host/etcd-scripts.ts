import { PORTS } from '../../../src/stack/topology.js';
import type { NospaceParams } from './params.js';

/** etcdctl on store, against the local member. */
export const ETCDCTL = `ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:${PORTS.etcdClient} --command-timeout=10s`;

/** Where the writer's script lives on app. */
export function writerScriptPath(params: Pick<NospaceParams, 'unit'>): string {
  return `/usr/local/bin/${params.unit}`;
}

/** The runaway writer: ~1 MB values, as fast as etcd takes them; backs off a little when writes fail. */
export function renderWriterScript(params: NospaceParams, storeAddress: string): string {
  const key = params.variant === 'rewrite-history' ? `${params.prefix}blob` : `${params.prefix}$(date +%s%N)`;
  return `#!/bin/bash
# ${params.unit}: mirrors the warm cache into etcd so replicas start hot.
# TODO(ops-412): batch and expire entries; for now every refresh is written.
export ETCDCTL_API=3
while true; do
  if head -c 750000 /dev/urandom | base64 -w0 | etcdctl --endpoints=http://${storeAddress}:${PORTS.etcdClient} --command-timeout=5s put "${key}" >/dev/null 2>&1; then
    sleep 0.05
  else
    sleep 1
  fi
done
`;
}

export function renderWriterUnit(params: NospaceParams): string {
  return `[Unit]
Description=Warm-cache mirror to etcd (${params.unit})
After=network-online.target

[Service]
ExecStart=${writerScriptPath(params)}
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
`;
}

/**
 * Reclaim the backend: delete the writer's keys (key-leak), compact to the
 * current revision, defragment, disarm. What the reference fix and revert run on store.
 */
export function reclaimScript(params: NospaceParams): string {
  return `set -e
${params.variant === 'key-leak' ? `${ETCDCTL} del --prefix ${params.prefix} >/dev/null` : `true`}
rev=$(${ETCDCTL} endpoint status -w json | jq -r '.[0].Status.header.revision')
${ETCDCTL} compaction "$rev" >/dev/null 2>&1 || true
${ETCDCTL} defrag >/dev/null
${ETCDCTL} alarm disarm >/dev/null
`;
}

/** `alarm=…` lines, then `db=<bytes> inuse=<bytes> rev=<n>` and `orders=<count>`, from store. */
export function etcdStateScript(): string {
  return `${ETCDCTL} alarm list 2>&1 | sed 's/^/alarm=/'
${ETCDCTL} endpoint status -w json 2>/dev/null | jq -r '.[0].Status | "db=\\(.dbSize) inuse=\\(.dbSizeInUse // .dbSize) rev=\\(.header.revision)"'
echo "orders=$(${ETCDCTL} get --prefix orders/ --keys-only 2>/dev/null | grep -c .)"
`;
}

export interface EtcdState {
  readonly alarms: readonly string[];
  readonly dbSize: number | undefined;
  readonly dbInUse: number | undefined;
  readonly orders: number | undefined;
}

export function parseEtcdState(stdout: string): EtcdState {
  const alarms = [...stdout.matchAll(/^alarm=(.+)$/gm)].map((m) => (m[1] ?? '').trim()).filter((a) => a.length > 0);
  const num = (key: string) => {
    const match = new RegExp(`\\b${key}=(\\d+)`).exec(stdout);
    return match ? Number(match[1]) : undefined;
  };
  return { alarms, dbSize: num('db'), dbInUse: num('inuse'), orders: num('orders') };
}
