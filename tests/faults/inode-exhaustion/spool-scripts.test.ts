import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getImplementation } from '../../../faults/registry.js';
import { createRng } from '../../../src/core/rng.js';
import { resolveInodeExhaustionParams, WRITER_NAMES, type InodeExhaustionParams } from '../../../faults/inode-exhaustion/host/params.js';
import {
  cacheDir,
  cacheRoot,
  describeVolumeInodes,
  freeInodePercent,
  parseVolumeInodes,
  prefillScript,
  renderWriterScript,
  renderWriterUnit,
  volumeInodesScript,
} from '../../../faults/inode-exhaustion/host/spool-scripts.js';

const bash = (script: string, env: Record<string, string> = {}) => execa('bash', ['-c', script], { reject: false, env });
const PARAMS: InodeExhaustionParams = { writer: 'orders-receipt-spool', layout: 'hashed', fileBytes: 512 };

/** The scripts run for real against a small tmpfs with a fixed inode count, like the app's data volume. */
describe('filling the inodes of a volume that has space', () => {
  let mount: string;

  beforeEach(async () => {
    mount = await mkdtemp(join(tmpdir(), 'faultline-inodes-'));
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=8m,nr_inodes=600', 'tmpfs', mount]);
    await writeFile(join(mount, 'orders.jsonl'), '{"id":"ord-1"}\n');
  });

  afterEach(async () => {
    await execa('umount', [mount], { reject: false });
    await rm(mount, { recursive: true, force: true });
  });

  it.each(['flat', 'hashed'] as const)('%s: no inode left, most of the space free, new files fail and appends still work', async (layout) => {
    const fill = await bash(prefillScript({ ...PARAMS, layout }, mount));
    expect(fill.exitCode, fill.stderr).toBe(0);
    expect(fill.stdout).toMatch(/^files=\d+ total=600 free=0$/m);

    const usage = parseVolumeInodes((await bash(volumeInodesScript(mount))).stdout);
    expect(usage).toMatchObject({ inodes: 600, inodesFree: 0 });
    if (!usage) return;
    expect(usage.bytesUsed).toBeLessThan(usage.bytes / 2);
    expect(freeInodePercent(usage)).toBe(0);
    expect(describeVolumeInodes(usage)).toMatch(/^inodes: 600 of 600 used \(0\.0% free\); space: \d+\.\d of 8\.0 MiB used$/);

    expect((await bash(`touch ${mount}/probe`)).stderr).toContain('No space left on device');
    expect((await bash(`echo '{"id":"ord-2"}' >> ${mount}/orders.jsonl`)).exitCode).toBe(0);
    const top = await readdir(cacheDir({ writer: PARAMS.writer }, mount));
    if (layout === 'hashed') expect(top.every((name) => /^[0-9a-f]{2}$/.test(name))).toBe(true);
    else expect(top.length).toBeGreaterThan(500);
  });

  it('refuses a volume with far more inodes than a data volume has', async () => {
    await execa('mount', ['-o', 'remount,nr_inodes=200000', mount]);
    const fill = await bash(prefillScript(PARAMS, mount));
    expect(fill.exitCode).toBe(4);
    expect(fill.stderr).toMatch(/200000 inodes .*recreate the environment/);
  });

  it('the writer keeps adding files, and logs ENOSPC once the inodes are gone', async () => {
    const script = join(mount, '..', `${mount.split('/').pop()}-writer.sh`);
    await writeFile(script, renderWriterScript(PARAMS), { mode: 0o755 });
    try {
      const dir = cacheDir(PARAMS, mount);
      const writer = execa(script, [], { reject: false, env: { CACHE_DIR: dir, CACHE_ENTRY_BYTES: '64', CACHE_LAYOUT: 'flat' } });
      await new Promise((resolve) => setTimeout(resolve, 1800));
      const early = (await readdir(dir)).length;
      expect(early).toBeGreaterThan(10);
      await bash(prefillScript({ ...PARAMS, layout: 'flat' }, mount));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      writer.kill();
      const result = await writer;
      expect(result.stdout).toContain(`caching into ${dir} (flat, 64 bytes per entry)`);
      expect(result.stderr).toMatch(/cannot write under .*: No space left on device \(\d+ failed writes\)/);
    } finally {
      await rm(script, { force: true });
    }
  });
});

describe('inode-exhaustion params and units', () => {
  it('seeds reach every writer and both layouts', () => {
    const drawn = Array.from({ length: 100 }, (_, seed) => resolveInodeExhaustionParams({}, createRng(seed)));
    expect(new Set(drawn.map((p) => p.writer))).toEqual(new Set(WRITER_NAMES));
    expect(new Set(drawn.map((p) => p.layout))).toEqual(new Set(['flat', 'hashed']));
  });

  it('the schema refuses unknown writers and files too big to leave the space free', () => {
    const schema = getImplementation('inode-exhaustion', 'host').params;
    expect(schema.safeParse({ writer: 'rm-rf' }).success).toBe(false);
    expect(schema.safeParse({ fileBytes: 65536 }).success).toBe(false);
    expect(schema.safeParse({ writer: 'orders-session-cache', layout: 'flat', fileBytes: 96 }).success).toBe(true);
  });

  it('the unit runs the writer as orders against its directory on the data volume; revert removes the top directory', () => {
    const unit = renderWriterUnit(PARAMS);
    expect(unit).toContain('User=orders');
    expect(unit).toContain('Environment=CACHE_DIR=/var/lib/orders/spool/receipts');
    expect(unit).toContain('Environment=CACHE_LAYOUT=hashed');
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
    expect(cacheRoot(PARAMS)).toBe('/var/lib/orders/spool');
    expect(cacheRoot({ writer: 'orders-render-cache' })).toBe('/var/lib/orders/.cache');
  });

  it('parses df output and refuses output without numbers', () => {
    expect(parseVolumeInodes('inodes=4096 iused=100 ifree=3996 size=67108864 used=409600')).toEqual({
      inodes: 4096,
      inodesUsed: 100,
      inodesFree: 3996,
      bytes: 67108864,
      bytesUsed: 409600,
    });
    expect(parseVolumeInodes('df: /var/lib/orders: No such file or directory')).toBeUndefined();
  });
});
