import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors/index.js';
import { createReport, writeReportFile } from '../../src/engine/report.js';
import { sampleTimeline, writeFakeEnv } from './fixtures/fake-env.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-report-'));
});
afterEach(() => {
  delete process.env.FAULTLINE_HOME;
  rmSync(dir, { recursive: true, force: true });
});

describe('writeReportFile', () => {
  it('replaces the file in one step and leaves no temp file behind', async () => {
    const path = join(dir, 'report.md');
    writeFileSync(path, 'old');
    expect(await writeReportFile(path, '# new\n')).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe('# new\n');
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('throws OUTPUT_NOT_WRITABLE for a missing directory, without creating it', async () => {
    const error = await writeReportFile(join(dir, 'nope', 'report.md'), 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    expect(error).toMatchObject({ code: 'OUTPUT_NOT_WRITABLE', exitCode: 44 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('throws OUTPUT_NOT_WRITABLE when the path is a directory and leaves nothing half-written', async () => {
    mkdirSync(join(dir, 'taken'));
    await expect(writeReportFile(join(dir, 'taken'), 'x')).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(join(dir, 'taken'))).toEqual([]);
  });

  it('throws OUTPUT_NOT_WRITABLE where the directory cannot be written', async () => {
    if (process.getuid?.() === 0) {
      // root ignores directory permissions; /proc is read-only for everyone.
      await expect(writeReportFile('/proc/faultline-report.md', 'x')).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
      return;
    }
    chmodSync(dir, 0o500);
    await expect(writeReportFile(join(dir, 'r.md'), 'x')).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
    chmodSync(dir, 0o700);
  });
});

describe('createReport', () => {
  it('builds the report from the state dir, noting what it could not read instead of failing', async () => {
    process.env.FAULTLINE_HOME = dir;
    const { state, dir: envDir } = writeFakeEnv(dir, { events: sampleTimeline() });
    const meta = { version: 1, id: 's-1', machine: 'edge', user: 'candidate', clientIp: null, clientPort: null, mode: 'tty', command: null, term: 'xterm', cols: 80, rows: 24, started: '2025-03-04T10:02:00.000Z', ended: '2025-03-04T10:04:00.000Z', exitStatus: 0 };
    mkdirSync(join(envDir, 'sessions', 'raw', 'edge'), { recursive: true });
    writeFileSync(join(envDir, 'sessions', 'raw', 'edge', 's-1.meta.json'), JSON.stringify(meta));

    const report = await createReport(state, { now: new Date('2025-03-04T10:40:00.000Z') });
    expect(report.resolution).toMatchObject({ resolved: true, afterMs: 21.5 * 60_000 });
    expect(report.sessions).toEqual([expect.objectContaining({ id: 's-1', machine: 'edge', durationMs: 120_000, play: `faultline play ${state.name} s-1` })]);
    // The fake environment has no running machines, so mon cannot be read.
    expect(report.notes).toEqual([expect.stringMatching(/^alerts not synced from mon: /)]);
  });
});
