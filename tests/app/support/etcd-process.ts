import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../src/utils/wait-for.js';
import { getFreePort } from './free-port.js';

/** A real single-member etcd (apt: etcd-server) on 127.0.0.1 with a temp data dir. */
export interface EtcdProcess {
  readonly url: string;
  /** Value under `key` read through the v3 JSON gateway, or undefined. */
  get(key: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** Start etcd on random loopback ports and wait until it reports healthy. */
export async function startEtcd(): Promise<EtcdProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'faultline-etcd-'));
  const [clientPort, peerPort] = [await getFreePort(), await getFreePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  let log = '';
  const child: ChildProcess = spawn(
    '/usr/bin/etcd',
    [
      '--name=test',
      `--data-dir=${join(dataDir, 'data')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=test=${peer}`,
      '--log-level=error',
      '--logger=zap',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const healthy = await waitFor(
    async () => {
      const res = await fetch(`${url}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === 'true';
    },
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  if (!healthy) {
    await stop();
    throw new Error(`etcd did not become healthy:\n${log}`);
  }
  return {
    url,
    stop,
    get: async (key) => {
      const res = await fetch(`${url}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from(key).toString('base64') }),
      });
      const body = (await res.json()) as { kvs?: { value: string }[] };
      const value = body.kvs?.[0]?.value;
      return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
    },
  };
}
