import { createServer, type Server } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, sendText } from '../shared/http-json.js';
import { describeError, type JsonLogger } from '../shared/json-logger.js';
import { METRICS_CONTENT_TYPE, MetricsRegistry } from '../shared/metrics-registry.js';
import type { AlertLog } from './alert-log.js';
import { alertmanagerWebhookSchema, toAlertRecord } from './record.js';

/**
 * The recorder's HTTP server: `POST /alerts` (Alertmanager webhook),
 * `GET /healthz`, `GET /metrics`. A failed write answers 500 so Alertmanager
 * retries the notification.
 */
export function createRecorderServer(log: AlertLog, logger: JsonLogger): Server {
  const registry = new MetricsRegistry();
  const notifications = registry.counter('alert_recorder_notifications_total', 'Alertmanager notifications recorded, by status.');
  const rejected = registry.counter('alert_recorder_rejected_total', 'Requests to /alerts that were not a valid webhook body.');
  const writeErrors = registry.counter('alert_recorder_write_errors_total', 'Notifications that could not be written to the alert log.');
  for (const status of ['firing', 'resolved']) notifications.inc({ status }, 0);
  rejected.inc({}, 0);
  writeErrors.inc({}, 0);

  return createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://recorder.invalid').pathname;
      if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok', service: 'alert-recorder' });
      if (req.method === 'GET' && path === '/metrics') return sendText(res, 200, await registry.render(), METRICS_CONTENT_TYPE);
      if (path !== '/alerts') return sendJson(res, 404, { error: `no route for ${req.method ?? 'GET'} ${path}` });
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST /alerts' });

      let json: unknown;
      try {
        json = JSON.parse(await readBody(req));
      } catch (error) {
        rejected.inc();
        const status = error instanceof BodyTooLargeError ? 413 : 400;
        return sendJson(res, status, { error: 'body must be an Alertmanager webhook JSON payload' });
      }
      const webhook = alertmanagerWebhookSchema.safeParse(json);
      if (!webhook.success) {
        rejected.inc();
        const issues = webhook.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        logger.warn('rejected a webhook body', { issues });
        return sendJson(res, 400, { error: 'not an Alertmanager webhook payload', issues });
      }
      const record = toAlertRecord(webhook.data, new Date());
      try {
        await log.append(record);
      } catch (error) {
        writeErrors.inc();
        logger.error('cannot write the alert log', describeError(error));
        return sendJson(res, 500, { error: 'cannot write the alert log', ...describeError(error) });
      }
      notifications.inc({ status: record.status });
      logger.info('notification', { status: record.status, receiver: record.receiver, alerts: record.alerts.map((a) => a.name) });
      return sendJson(res, 200, { status: 'recorded', alerts: record.alerts.length });
    })().catch((error: unknown) => {
      logger.error('request failed', describeError(error));
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
}
