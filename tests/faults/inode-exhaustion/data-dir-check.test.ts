import { describe, expect, it } from 'vitest';
import { parseDataDirCheck } from '../../../faults/inode-exhaustion/host/data-dir-check.js';

describe('the data dir check of an orders /healthz answer', () => {
  it('reads ENOSPC from the dataDir check, whatever etcd says', () => {
    const body = JSON.stringify({ status: 'unhealthy', failed: ['dataDir', 'etcd'], checks: { dataDir: { ok: false, code: 'ENOSPC', error: 'x' }, etcd: { ok: false, code: 'HTTP_503' } } });
    expect(parseDataDirCheck('app:8081', 503, body)).toEqual({ answered: true, ok: false, code: 'ENOSPC', summary: 'app:8081 503 dataDir ENOSPC, etcd HTTP_503' });
  });

  it('a healthy data dir passes even while etcd fails', () => {
    const body = JSON.stringify({ status: 'unhealthy', failed: ['etcd'], checks: { dataDir: { ok: true }, etcd: { ok: false, code: 'ETIMEDOUT' } } });
    expect(parseDataDirCheck('app:8082', 503, body)).toMatchObject({ answered: true, ok: true, code: '' });
  });

  it('no answer, or an answer that is not the orders service, does not count as answered', () => {
    expect(parseDataDirCheck('app:8082', 0, 'curl: (7) Failed to connect')).toMatchObject({ answered: false, ok: false });
    expect(parseDataDirCheck('app:8082', 200, '<html>nginx</html>')).toMatchObject({ answered: false, ok: false });
    expect(parseDataDirCheck('app:8082', 200, '{"status":"ok"}')).toMatchObject({ answered: false, ok: false });
  });
});
