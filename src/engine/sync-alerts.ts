import { join } from 'node:path';
import { alertRecordSchema, type AlertRecord } from '../../app/alert-recorder/record.js';
import type { Executor } from '../core/executor.js';
import { homePaths } from '../core/paths.js';
import { appendEvent, eventsOfType, readTimeline, type TimelineEvent, type TimelineEventInput } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { PATHS } from '../stack/topology.js';
import { withLock } from '../utils/lock.js';

/** Where the alert recorder keeps notifications, and the machine it runs on. */
export const ALERT_LOG = { machine: 'mon', path: PATHS.alertLog } as const;

/** What one sync did. */
export interface AlertSyncResult {
  /** Notifications appended to the timeline by this sync, oldest first. */
  readonly added: readonly AlertRecord[];
  /** Lines of the log that were not valid records (skipped, not fatal). */
  readonly skippedLines: number;
}

/**
 * Parse the recorder's JSONL. A last line without its newline is still being
 * written and is left for the next sync; invalid lines are counted, not fatal.
 */
export function parseAlertLog(text: string): { readonly records: AlertRecord[]; readonly skippedLines: number } {
  const lines = text.split('\n');
  // After split, the final element is '' when the file ends with a newline, else a partial line.
  lines.pop();
  const records: AlertRecord[] = [];
  let skippedLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skippedLines += 1;
      continue;
    }
    const parsed = alertRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else skippedLines += 1;
  }
  return { records, skippedLines };
}

/**
 * Identity of one notification: when it arrived, its status and the alerts
 * it carried. Dedup is by identity, not by line count, so a log that starts
 * over (mon rebuilt by `reset`) is still synced correctly.
 */
export function alertKey(receivedAt: string, status: string, names: readonly string[]): string {
  return JSON.stringify([receivedAt, status, [...names].sort()]);
}

/** Distinct alert names in a notification, in order of appearance. */
export function alertNames(record: AlertRecord): string[] {
  return [...new Set(record.alerts.map((alert) => alert.name))];
}

/** Records whose notification has no `alert` event in the timeline yet (also dedups within `records`). Pure. */
export function selectUnsynced(records: readonly AlertRecord[], events: readonly TimelineEvent[]): AlertRecord[] {
  const synced = new Set<string>();
  for (const { data } of eventsOfType(events, 'alert')) synced.add(alertKey(data.receivedAt, data.status, data.alerts));
  const fresh: AlertRecord[] = [];
  for (const record of records) {
    const key = alertKey(record.receivedAt, record.status, alertNames(record));
    if (synced.has(key)) continue;
    synced.add(key);
    fresh.push(record);
  }
  return fresh;
}

/** The timeline event for one notification: `{status, alerts: [names], receivedAt, receiver}`. */
export function describeAlertRecord(record: AlertRecord): TimelineEventInput & { readonly type: 'alert' } {
  const names = alertNames(record);
  return {
    type: 'alert',
    message: `${record.status}: ${names.join(', ') || '(no alerts)'}`,
    data: {
      status: record.status,
      alerts: names,
      receivedAt: record.receivedAt,
      receiver: record.receiver,
      ...(record.groupKey === undefined ? {} : { groupKey: record.groupKey }),
    },
  };
}

/**
 * Copy Alertmanager notifications recorded on mon into the timeline: one
 * `alert` event per notification not synced before, stamped with its
 * receivedAt. A missing log means no notification yet. Serialised per
 * environment so `check`, `report` and `down` can all call it.
 */
export async function syncAlerts(state: EnvState, exec: Executor): Promise<AlertSyncResult> {
  const text = await readAlertLog(exec);
  const { records, skippedLines } = parseAlertLog(text);
  return withLock(join(homePaths.env(state.name), 'alerts.lock'), async () => {
    const added = selectUnsynced(records, await readTimeline(state.name));
    for (const record of added) appendEvent(state.name, describeAlertRecord(record), { ts: record.receivedAt });
    return { added, skippedLines };
  });
}

async function readAlertLog(exec: Executor): Promise<string> {
  try {
    return await exec.readFile(ALERT_LOG.machine, ALERT_LOG.path);
  } catch (error) {
    if (isMissingFile(error)) return '';
    throw error;
  }
}

function isMissingFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const text = error instanceof Error ? `${error.message} ${String((error as { details?: unknown }).details ?? '')}` : String(error);
  return code === 'ENOENT' || /no such file or directory|ENOENT/i.test(text);
}
