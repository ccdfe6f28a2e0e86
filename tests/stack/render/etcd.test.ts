import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETCD_QUOTA_BACKEND_BYTES, renderEtcdEnvironment } from '../../../src/stack/render/etcd.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { makeStackInput, makeTempDir, runTool, TEST_SUBNET } from '../stack-fixture.js';

/** Parse `KEY="value"` lines the way systemd's EnvironmentFile= does for these simple values. */
function parseEnvironmentFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const [key, value] = line.split(/=(.*)/s) as [string, string];
        return [key, value.replace(/^"(.*)"$/, '$1')];
      }),
  );
}

/**
 * Debian's etcd 3.4 started with the rendered environment, for real, on the
 * store's loopback test address: only the client URL and data dir are moved
 * (the rendered client URL binds 0.0.0.0:2379, not something a test should take).
 */
describe('the rendered /etc/default/etcd', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;
  let etcd: ReturnType<typeof execa> | undefined;
  const client = `http://${TEST_SUBNET}.12:12379`;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('etcd'));
    ({ input } = await makeStackInput(dir));
  });
  afterAll(async () => {
    etcd?.kill();
    await etcd?.catch(() => undefined);
    await cleanup();
  });

  it('advertises the store address, keeps peers on loopback and sets a modest quota', () => {
    const env = parseEnvironmentFile(renderEtcdEnvironment(input));
    expect(env).toMatchObject({
      ETCD_NAME: 'store',
      ETCD_LISTEN_CLIENT_URLS: 'http://0.0.0.0:2379',
      ETCD_ADVERTISE_CLIENT_URLS: `http://${TEST_SUBNET}.12:2379`,
      ETCD_LISTEN_PEER_URLS: 'http://127.0.0.1:2380',
      ETCD_INITIAL_CLUSTER: 'store=http://127.0.0.1:2380',
      ETCD_QUOTA_BACKEND_BYTES: String(ETCD_QUOTA_BACKEND_BYTES),
    });
  });

  it('starts etcd, which elects itself leader and serves health and metrics on the client URL', async () => {
    const env = {
      ...parseEnvironmentFile(renderEtcdEnvironment(input)),
      ETCD_LISTEN_CLIENT_URLS: client,
      ETCD_LISTEN_PEER_URLS: 'http://127.0.0.1:12380',
      ETCD_INITIAL_ADVERTISE_PEER_URLS: 'http://127.0.0.1:12380',
      ETCD_INITIAL_CLUSTER: 'store=http://127.0.0.1:12380',
      ETCD_DATA_DIR: join(dir, 'data'),
    };
    etcd = execa('etcd', [], { env, extendEnv: false, reject: false, all: true });
    let health = '';
    for (let i = 0; i < 100 && !health.includes('"health":"true"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await runTool('curl', ['-sS', '--max-time', '2', `${client}/health`])).output;
    }
    expect(health).toContain('"health":"true"');
    const metrics = (await runTool('curl', ['-sS', '--max-time', '2', `${client}/metrics`])).output;
    // the metrics the alert rules and the NOSPACE scenario read
    expect(metrics).toMatch(/^etcd_server_has_leader 1$/m);
    expect(Number(/^etcd_server_quota_backend_bytes (\S+)$/m.exec(metrics)?.[1])).toBe(ETCD_QUOTA_BACKEND_BYTES);
    expect(metrics).toMatch(/^etcd_mvcc_db_total_size_in_bytes \d/m);
    etcd.kill();
    const log = String((await etcd).all ?? '');
    expect(log, 'every rendered ETCD_ variable is one etcd knows').not.toMatch(/unrecognized environment variable/);
  });

});
