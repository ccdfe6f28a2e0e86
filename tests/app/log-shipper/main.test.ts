import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LokiPushBody } from '../../../app/log-shipper/push-body.js';
import { waitFor } from '../../../src/utils/wait-for.js';
import { getAppBundles } from '../support/app-bundles.js';
import { startLokiStub, type LokiStub } from '../support/loki-stub.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const journalLine = (n: number, unit: string) =>
  JSON.stringify({ __CURSOR: `s=abc;i=${n}`, __REALTIME_TIMESTAMP: `17672616000000${n}0`, _SYSTEMD_UNIT: unit, MESSAGE: `message ${n}` });

describe('log shipper (bundle with a stand-in journalctl and Loki)', () => {
  let dir: string;
  let loki: LokiStub;
  let shipper: ServiceProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-shipper-'));
    // Prints three entries, then ends, so the shipper must restart it from the cursor.
    const fake = join(dir, 'journalctl');
    const lines = [journalLine(1, 'orders@1.service'), journalLine(2, 'nginx.service'), journalLine(3, 'orders@1.service')];
    await writeFile(fake, `#!/bin/sh\necho "$*" >> ${join(dir, 'args')}\nprintf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')}\n`);
    await chmod(fake, 0o755);
    // Loki is "down" (503) for the first push, then accepts.
    loki = await startLokiStub((n) => (n === 0 ? 503 : 204));
    const bundles = await getAppBundles();
    shipper = startService(bundles.files['log-shipper'], {
      LOKI_URL: loki.url,
      LOG_SHIPPER_HOST: 'app',
      LOG_SHIPPER_FLUSH_MS: '100',
      LOG_SHIPPER_JOURNALCTL: fake,
    });
  }, 20_000);

  afterAll(async () => {
    await shipper?.stop();
    await loki?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('retries after Loki fails and pushes the journal entries as labelled streams', async () => {
    await shipper.waitForLine((l) => l.msg === 'loki unreachable; buffering and retrying');
    await shipper.waitForLine((l) => l.msg === 'loki reachable again');
    const accepted = loki.requests.slice(1).map((r) => JSON.parse(r.body) as LokiPushBody);
    const values = accepted.flatMap((b) => b.streams.filter((s) => s.stream.unit === 'orders@1.service').flatMap((s) => s.values));
    expect(values.slice(0, 2)).toEqual([
      ['1767261600000010000', 'message 1'],
      ['1767261600000030000', 'message 3'],
    ]);
    expect(accepted[0]?.streams.map((s) => s.stream)).toContainEqual({ job: 'journal', host: 'app', unit: 'nginx.service' });
    expect(loki.requests[0]?.body).toBe(loki.requests[1]?.body);
  });

  it('follows the journal from now, and restarts journalctl after the last cursor when it ends', async () => {
    const restarted = await waitFor(async () => (await readFile(join(dir, 'args'), 'utf8')).trim().split('\n').length >= 2, {
      timeoutMs: 4000,
    });
    expect(restarted).toBe(true);
    const [first, second] = (await readFile(join(dir, 'args'), 'utf8')).trim().split('\n');
    expect(first).toBe('-f -o json --since now');
    expect(second).toBe('-f -o json --after-cursor=s=abc;i=3');
    expect(shipper.lines.some((l) => l.msg === 'journalctl ended; restarting in 1 s')).toBe(true);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await shipper.stop()).toBe(0);
  });
});
