import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEtcdClient } from '../../../app/orders/store/etcd-client.js';

describe('etcd client timeouts', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('gives up with ETIMEDOUT after timeoutMs when etcd never answers', async () => {
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createEtcdClient(`http://127.0.0.1:${port}`, 300);
    const started = Date.now();
    await expect(client.put('k', 'v')).rejects.toMatchObject({ backend: 'etcd', code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
