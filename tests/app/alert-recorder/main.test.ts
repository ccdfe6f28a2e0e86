import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRecordSchema } from '../../../app/alert-recorder/record.js';
import { buildWebhookPayload } from '../support/alertmanager-payload.js';
import { getAppBundles } from '../support/app-bundles.js';
import { checkWithPromtool, getSampleValue, parsePromText } from '../support/prom-text.js';
import { startService, waitForListening, type ServiceProcess } from '../support/service-process.js';

describe('alert recorder (bundle)', () => {
  let dir: string;
  let logPath: string;
  let service: ServiceProcess;
  let base: string;

  const post = (body: string) => fetch(`${base}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const readRecords = async () =>
    (await readFile(logPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => alertRecordSchema.parse(JSON.parse(line)));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-recorder-'));
    logPath = join(dir, 'not', 'yet', 'alerts.jsonl');
    const bundles = await getAppBundles();
    service = startService(bundles.files['alert-recorder'], {
      ALERT_RECORDER_PORT: '0',
      ALERT_RECORDER_HOST: '127.0.0.1',
      ALERT_RECORDER_LOG: logPath,
    });
    base = `http://127.0.0.1:${await waitForListening(service)}`;
  }, 20_000);

  afterAll(async () => {
    await service?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers /healthz with 200', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('appends one schema-valid JSON line per notification, creating the log directory', async () => {
    expect((await post(JSON.stringify(buildWebhookPayload('firing')))).status).toBe(200);
    expect((await post(JSON.stringify(buildWebhookPayload('resolved')))).status).toBe(200);
    const records = await readRecords();
    expect(records.map((r) => r.status)).toEqual(['firing', 'resolved']);
    expect(records[0]?.alerts.map((a) => a.name)).toEqual(['OrdersHighErrorRate', 'OrdersDataDirNotWritable']);
    expect(records[1]?.alerts[0]?.endsAt).toBe('2026-01-01T10:05:00Z');
    expect(Date.parse(records[0]?.receivedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('rejects bodies that are not webhook payloads with 400 and records nothing', async () => {
    const invalid = await post(JSON.stringify({ hello: 'world' }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: string[] }).issues.join('\n')).toContain('receiver');
    expect((await post('not json')).status).toBe(400);
    expect(await readRecords()).toHaveLength(2);
  });

  it('counts notifications and rejections in metrics that promtool accepts', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(await checkWithPromtool(text)).toEqual({ exitCode: 0, output: '' });
    const samples = parsePromText(text);
    expect(getSampleValue(samples, 'alert_recorder_notifications_total', { status: 'firing' })).toBe(1);
    expect(getSampleValue(samples, 'alert_recorder_notifications_total', { status: 'resolved' })).toBe(1);
    expect(getSampleValue(samples, 'alert_recorder_rejected_total')).toBe(2);
  });

  it('answers other paths with 404', async () => {
    expect((await fetch(`${base}/api/v2/alerts`)).status).toBe(404);
  });
});
