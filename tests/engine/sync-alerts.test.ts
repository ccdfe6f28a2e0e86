import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../app/alert-recorder/record.js';
import type { Executor } from '../../src/core/executor.js';
import { readTimeline, type TimelineEvent } from '../../src/core/timeline.js';
import { FaultlineError } from '../../src/errors/index.js';
import { ALERT_LOG, parseAlertLog, selectUnsynced, syncAlerts } from '../../src/engine/sync-alerts.js';
import { writeFakeEnv } from './fixtures/fake-env.js';

const record = (receivedAt: string, status: 'firing' | 'resolved', ...names: string[]): AlertRecord => ({
  receivedAt,
  status,
  receiver: 'faultline',
  groupKey: '{}:{alertname="x"}',
  alerts: names.map((name) => ({ name, status, labels: { alertname: name, severity: 'page' }, annotations: { summary: `${name} is ${status}` }, startsAt: '2025-03-04T10:00:30Z', endsAt: '0001-01-01T00:00:00Z' })),
});
const line = (r: AlertRecord): string => `${JSON.stringify(r)}\n`;
const FIRING = record('2025-03-04T10:01:15.000Z', 'firing', 'OrdersHighErrorRate', 'EdgeProbeFailing');
const RESOLVED = record('2025-03-04T10:23:00.000Z', 'resolved', 'OrdersHighErrorRate');

/** Only readFile is used by syncAlerts; `files` maps "machine:path" to content. */
function memoryExecutor(files: Map<string, string>, failure?: Error): Executor {
  const unused = () => Promise.reject(new Error('not used by syncAlerts'));
  return {
    exec: unused,
    sh: unused,
    writeFile: unused,
    async readFile(machine, path) {
      if (failure) throw failure;
      const content = files.get(`${machine}:${path}`);
      if (content === undefined) throw new FaultlineError('COMMAND_FAILED', `Could not read ${path} on ${machine}: cat: ${path}: No such file or directory`);
      return content;
    },
  };
}

describe('parseAlertLog', () => {
  it('parses every complete line and leaves a line still being written for the next sync', () => {
    const text = line(FIRING) + JSON.stringify(RESOLVED).slice(0, 40);
    expect(parseAlertLog(text)).toEqual({ records: [FIRING], skippedLines: 0 });
  });

  it('counts lines that are not records instead of failing', () => {
    const text = `${line(FIRING)}not json\n{"receivedAt":"x"}\n\n${line(RESOLVED)}`;
    expect(parseAlertLog(text)).toEqual({ records: [FIRING, RESOLVED], skippedLines: 2 });
  });
});

describe('selectUnsynced', () => {
  const synced: TimelineEvent = { ts: FIRING.receivedAt, type: 'alert', message: 'firing', data: { status: 'firing', alerts: ['EdgeProbeFailing', 'OrdersHighErrorRate'], receivedAt: FIRING.receivedAt, receiver: FIRING.receiver } };

  it('skips notifications already in the timeline, whatever the order of alert names', () => {
    expect(selectUnsynced([FIRING, RESOLVED], [synced])).toEqual([RESOLVED]);
  });

  it('keeps a notification whose status differs from the synced one', () => {
    const sameTimeResolved = { ...FIRING, status: 'resolved' as const };
    expect(selectUnsynced([sameTimeResolved], [synced])).toEqual([sameTimeResolved]);
  });

  it('syncs new notifications of a log that started over (mon rebuilt by reset)', () => {
    const afterReset = record('2025-03-04T11:02:00.000Z', 'firing', 'OrdersHighErrorRate');
    expect(selectUnsynced([afterReset], [synced])).toEqual([afterReset]);
  });

  it('drops a duplicated line within the same log', () => {
    expect(selectUnsynced([RESOLVED, RESOLVED], [])).toEqual([RESOLVED]);
  });
});

describe('syncAlerts', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'faultline-alerts-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    delete process.env.FAULTLINE_HOME;
    rmSync(home, { recursive: true, force: true });
  });

  it('appends one alert event per new notification, stamped with when it was received, and nothing the second time', async () => {
    const { state } = writeFakeEnv(home, { events: [{ ts: '2025-03-04T10:00:00.000Z', type: 'ready', message: 'ready' }] });
    const files = new Map([[`${ALERT_LOG.machine}:${ALERT_LOG.path}`, line(FIRING)]]);
    const exec = memoryExecutor(files);

    expect((await syncAlerts(state, exec)).added).toEqual([FIRING]);
    files.set(`${ALERT_LOG.machine}:${ALERT_LOG.path}`, line(FIRING) + line(RESOLVED));
    expect((await syncAlerts(state, exec)).added).toEqual([RESOLVED]);
    expect((await syncAlerts(state, exec)).added).toEqual([]);

    const alerts = (await readTimeline(state.name)).filter((event) => event.type === 'alert');
    expect(alerts).toEqual([
      { ts: FIRING.receivedAt, type: 'alert', message: 'firing: OrdersHighErrorRate, EdgeProbeFailing', data: { status: 'firing', alerts: ['OrdersHighErrorRate', 'EdgeProbeFailing'], receivedAt: FIRING.receivedAt, receiver: 'faultline', groupKey: FIRING.groupKey } },
      { ts: RESOLVED.receivedAt, type: 'alert', message: 'resolved: OrdersHighErrorRate', data: { status: 'resolved', alerts: ['OrdersHighErrorRate'], receivedAt: RESOLVED.receivedAt, receiver: 'faultline', groupKey: RESOLVED.groupKey } },
    ]);
  });

  it('treats a missing alert log as no notification yet', async () => {
    const { state } = writeFakeEnv(home);
    expect(await syncAlerts(state, memoryExecutor(new Map()))).toEqual({ added: [], skippedLines: 0 });
    expect(await readTimeline(state.name)).toEqual([]);
  });

  it('passes on other failures to read the log', async () => {
    const { state } = writeFakeEnv(home);
    const down = new FaultlineError('COMMAND_FAILED', 'Machine "mon" is not running in this environment.');
    await expect(syncAlerts(state, memoryExecutor(new Map(), down))).rejects.toBe(down);
  });
});
