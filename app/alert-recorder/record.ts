import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

/** One alert inside an Alertmanager webhook notification (payload version 4). */
export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: z.string(),
  endsAt: z.string().default('0001-01-01T00:00:00Z'),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** The Alertmanager webhook body (version 4); fields we do not record are accepted and dropped. */
export const alertmanagerWebhookSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  alerts: z.array(webhookAlertSchema),
});

/** One alert as recorded: `name` is the `alertname` label. */
export const recordedAlertSchema = z.object({
  name: z.string(),
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap,
  startsAt: z.string(),
  endsAt: z.string(),
});

/**
 * One line of the alert log (`/var/lib/faultline/alerts.jsonl` on mon): one
 * Alertmanager notification. The engine parses this file into the timeline.
 */
export const alertRecordSchema = z.object({
  /** ISO time the recorder received the notification. */
  receivedAt: z.string(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupKey: z.string().optional(),
  alerts: z.array(recordedAlertSchema),
});

export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;
export type AlertRecord = z.output<typeof alertRecordSchema>;

/** Turn a parsed webhook body into the line we record. */
export function toAlertRecord(webhook: AlertmanagerWebhook, receivedAt: Date): AlertRecord {
  return {
    receivedAt: receivedAt.toISOString(),
    status: webhook.status,
    receiver: webhook.receiver,
    ...(webhook.groupKey === undefined ? {} : { groupKey: webhook.groupKey }),
    alerts: webhook.alerts.map((alert) => ({
      name: alert.labels.alertname ?? '(unnamed)',
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
    })),
  };
}
