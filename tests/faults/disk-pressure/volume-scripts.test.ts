import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deletedOpenFilesScript,
  describeVolumeUsage,
  fillAndDeleteScript,
  freePercent,
  journalFingerprintScript,
  parseJournalFingerprint,
  parseVolumeUsage,
  volumeUsageScript,
  writeUntilRefusedScript,
} from '../../../faults/disk-pressure/host/volume-scripts.js';

const bash = (script: string) => execa('bash', ['-c', script], { reject: false });

/**
 * The fill runs for real against a 4 MiB tmpfs this test mounts (the app's
 * volume is a size-limited tmpfs too), with a process holding the trace log
 * open the way orders@N does.
 */
describe('filling a volume through a file that is then deleted', () => {
  let mount: string;
  let holder: ResultPromise | undefined;
  const trace = () => join(mount, 'trace.log');

  beforeAll(async () => {
    mount = await mkdtemp(join(tmpdir(), 'faultline-disk-'));
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
    await writeFile(join(mount, 'orders.jsonl'), '{"id":"ord-1"}\n{"id":"ord-2"}\n');
    holder = execa('bash', ['-c', 'exec 3>>"$1"; sleep 120', '_', trace()], { reject: false });
  });

  afterAll(async () => {
    holder?.kill();
    await holder;
    await execa('umount', [mount], { reject: false });
    await rm(mount, { recursive: true, force: true });
  });

  it('leaves less than 1% free, the file gone, du small and the space held by the open descriptor', async () => {
    const fill = await bash(fillAndDeleteScript(mount, trace()));
    expect(fill.exitCode, fill.stderr).toBe(0);
    expect(fill.stdout).toMatch(/^size=4194304 avail=\d+$/m);

    const usage = parseVolumeUsage((await bash(volumeUsageScript(mount))).stdout);
    expect(usage).toBeDefined();
    if (!usage) return;
    expect(freePercent(usage)).toBeLessThan(1);
    expect(usage.du).toBeLessThan(usage.used / 10);
    expect(describeVolumeUsage(usage)).toMatch(/^df: 4\.0 of 4\.0 MiB used \(0\.\d% free\); du: 0\.0 MiB$/);

    const open = (await bash(deletedOpenFilesScript(mount))).stdout;
    expect(open).toMatch(new RegExp(`^/proc/${holder?.pid ?? 'x'}/fd/3 -> ${mount}/trace\\.log \\(deleted\\)$`, 'm'));

    // Appends that need a new page fail (appends inside the journal's last page may still fit).
    const write = await bash(`head -c 8192 /dev/zero | tr '\\0' x >> ${mount}/orders.jsonl`);
    expect(write.stderr).toContain('No space left on device');
    expect(usage.avail).toBe(0);
    expect((await readFile(join(mount, 'orders.jsonl'), 'utf8')).startsWith('{"id":"ord-1"}\n{"id":"ord-2"}\n')).toBe(true);
  });

  it('posts orders until an API that appends to the journal refuses them: the last page\'s slack is used up', async () => {
    // The test above filled the journal's page with x's: back to its two lines (same page, no new one).
    await writeFile(join(mount, 'orders.jsonl'), '{"id":"ord-1"}\n{"id":"ord-2"}\n');
    // A stand-in for orders' create endpoint: append one JSON line, 507 on ENOSPC.
    let lines = 0;
    const server: Server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        appendFile(join(mount, 'orders.jsonl'), `{"id":"ord-${String(lines + 3).padStart(8, '0')}","item":"desk lamp","qty":1,"createdAt":"${new Date().toISOString()}","instance":"app-1"}\n`).then(
          () => {
            lines += 1;
            response.writeHead(201).end();
          },
          (error: NodeJS.ErrnoException) => response.writeHead(error.code === 'ENOSPC' ? 507 : 500).end(),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`;
    try {
      const result = await bash(writeUntilRefusedScript([url]));
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe(`posts=${lines + 1}`);
      // Two lines were there; the slack of the journal's one page took dozens more.
      expect(lines).toBeGreaterThan(10);
      expect((await bash(writeUntilRefusedScript([url], 2))).stdout.trim()).toBe('posts=1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails with exit 5 when the API never refuses a write', async () => {
    const server: Server = createServer((request, response) => request.resume().on('end', () => response.writeHead(201).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`;
    try {
      const result = await bash(writeUntilRefusedScript([url, url], 3));
      expect(result.exitCode).toBe(5);
      expect(result.stderr).toContain('still took writes after 6 posts');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives the space back once the holder closes the descriptor (what restarting orders@N does)', async () => {
    holder?.kill();
    await holder;
    const usage = parseVolumeUsage((await bash(volumeUsageScript(mount))).stdout);
    expect(usage && freePercent(usage)).toBeGreaterThan(99);
    expect((await bash(deletedOpenFilesScript(mount))).stdout).toBe('');
  });

  it('refuses to fill when the trace log never appears', async () => {
    const result = await bash(fillAndDeleteScript(mount, join(mount, 'never.log')).replace('seq 1 100', 'seq 1 2'));
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('was not created');
  });
});

describe('fingerprinting the orders journal', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-journal-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('records the line count and hashes of the first and last line, and compares a later line range', async () => {
    const file = join(dir, 'orders.jsonl');
    await writeFile(file, 'a\nb\nc\n');
    const recorded = parseJournalFingerprint((await bash(journalFingerprintScript(file))).stdout);
    expect(recorded?.lines).toBe(3);

    await writeFile(file, 'a\nb\nc\nd\n');
    const grown = parseJournalFingerprint((await bash(journalFingerprintScript(file, 3))).stdout);
    expect(grown).toEqual({ lines: 4, first: recorded?.first, at: recorded?.at });

    await writeFile(file, 'x\nb\nc\nd\n');
    const edited = parseJournalFingerprint((await bash(journalFingerprintScript(file, 3))).stdout);
    expect(edited?.first).not.toBe(recorded?.first);
  });

  it('reports a missing journal as undefined', async () => {
    const out = (await bash(journalFingerprintScript(join(dir, 'gone.jsonl')))).stdout;
    expect(out.trim()).toBe('missing');
    expect(parseJournalFingerprint(out)).toBeUndefined();
  });
});
