import { describe, expect, it } from 'vitest';
import { alertmanagerWebhookSchema, alertRecordSchema, toAlertRecord } from '../../../app/alert-recorder/record.js';
import { buildWebhookPayload } from '../support/alertmanager-payload.js';

describe('toAlertRecord', () => {
  it('keeps status, receiver and each alert named by its alertname label', () => {
    const webhook = alertmanagerWebhookSchema.parse(buildWebhookPayload('firing'));
    const record = toAlertRecord(webhook, new Date('2026-01-01T10:00:30Z'));
    expect(alertRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({ receivedAt: '2026-01-01T10:00:30.000Z', status: 'firing', receiver: 'faultline-recorder' });
    expect(record.alerts.map((a) => a.name)).toEqual(['OrdersHighErrorRate', 'OrdersDataDirNotWritable']);
    expect(record.alerts[0]).toEqual({
      name: 'OrdersHighErrorRate',
      status: 'firing',
      labels: { alertname: 'OrdersHighErrorRate', severity: 'page', instance: 'app:8081' },
      annotations: { summary: 'orders 5xx above 5%' },
      startsAt: '2026-01-01T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    });
  });

  it('names an alert without an alertname label "(unnamed)"', () => {
    const payload = buildWebhookPayload('resolved');
    const webhook = alertmanagerWebhookSchema.parse({ ...payload, alerts: [{ status: 'resolved', labels: {}, startsAt: 'x' }] });
    expect(toAlertRecord(webhook, new Date()).alerts[0]?.name).toBe('(unnamed)');
  });
});

describe('alertmanagerWebhookSchema', () => {
  it.each([
    ['a body without receiver', { status: 'firing', alerts: [] }],
    ['an unknown status', { status: 'pending', receiver: 'r', alerts: [] }],
    ['alerts that are not a list', { status: 'firing', receiver: 'r', alerts: {} }],
    ['an alert with a non-string label', { status: 'firing', receiver: 'r', alerts: [{ status: 'firing', labels: { a: 1 }, startsAt: 'x' }] }],
  ])('rejects %s', (_name, body) => {
    expect(alertmanagerWebhookSchema.safeParse(body).success).toBe(false);
  });
});
