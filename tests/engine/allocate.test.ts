import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const WORKER = join(import.meta.dirname, 'fixtures', 'allocate-worker.ts');

describe('allocation across processes', () => {
  const run = mkdtempSync(join(tmpdir(), 'fl-alloc-run-'));
  const homes = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'fl-alloc-home-')));
  afterAll(() => [run, ...homes].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('6 processes in two homes, 5 allocations each at once, never share an id or a subnet', async () => {
    const workers = Array.from({ length: 6 }, (_, i) =>
      execa(process.execPath, ['--import', 'tsx', WORKER, '5', `c${i}x`], {
        env: { FAULTLINE_HOME: homes[i % 2] ?? '', FAULTLINE_RUN_DIR: run },
      }),
    );
    const allocations = (await Promise.all(workers)).flatMap((r) => r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; subnet: string }));
    expect(allocations).toHaveLength(30);
    expect(new Set(allocations.map((a) => a.id)).size).toBe(30);
    expect(new Set(allocations.map((a) => a.subnet)).size).toBe(30);
  });
});
