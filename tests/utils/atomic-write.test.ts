import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/utils/atomic-write.js';

describe('writeFileAtomic', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets many concurrent writers of one path in one process all succeed, leaving one whole file and no temp', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fl-atomic-'));
    const target = join(dir, 'bundle.js');
    const contents = Array.from({ length: 50 }, (_, i) => `writer ${i}\n`.repeat(2000));
    await Promise.all(contents.map((text) => writeFileAtomic(target, text)));
    expect(contents).toContain(await readFile(target, 'utf8'));
    expect(await readdir(dir)).toEqual(['bundle.js']);
  });
});
