import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher, no declarations
import { ensureCliBundle, REPO, sourceKey } from '../../bin/cli-bundle.js';
import { BIN } from '../support/faultline-cli.js';

const repos: string[] = [];
afterEach(() => repos.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A tiny repository shaped like faultline's: src/cli/main.ts importing a sibling module. */
function fakeRepo(message: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'faultline-bundle-'));
  repos.push(repo);
  mkdirSync(join(repo, 'src', 'cli'), { recursive: true });
  mkdirSync(join(repo, 'faults'));
  symlinkSync(join(REPO, 'node_modules'), join(repo, 'node_modules'));
  writeFileSync(join(repo, 'src', 'message.ts'), `export const message: string = ${JSON.stringify(message)};\n`);
  writeFileSync(join(repo, 'src', 'cli', 'main.ts'), "import { message } from '../message.js';\nconsole.log(message);\n");
  return repo;
}

describe('the CLI bundle', () => {
  it('is built once per version of the sources and rebuilt when a source changes', async () => {
    const repo = fakeRepo('first');
    const first = await ensureCliBundle(repo);
    expect((await execa('node', [first])).stdout).toBe('first');
    expect(await ensureCliBundle(repo)).toBe(first);

    writeFileSync(join(repo, 'src', 'message.ts'), 'export const message: string = "second";\n');
    utimesSync(join(repo, 'src', 'message.ts'), new Date(), new Date(Date.now() + 5_000));
    const second = await ensureCliBundle(repo);
    expect(second).not.toBe(first);
    expect((await execa('node', [second])).stdout).toBe('second');
  });

  it('gets a new key when a source file is added or removed', () => {
    const repo = fakeRepo('x');
    const before = sourceKey(repo);
    writeFileSync(join(repo, 'faults', 'new.ts'), 'export {};\n');
    const added = sourceKey(repo);
    rmSync(join(repo, 'faults', 'new.ts'));
    expect(added).not.toBe(before);
    expect(sourceKey(repo)).toBe(before);
  });

  it('leaves no temporary directory when builds race', async () => {
    const repo = fakeRepo('race');
    const entries = await Promise.all([ensureCliBundle(repo), ensureCliBundle(repo), ensureCliBundle(repo)]);
    expect(new Set(entries).size).toBe(1);
    expect(readdirSync(join(repo, 'build')).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('finds files only where the bundle keeps them: import.meta paths are used two levels below the root or not at all', async () => {
    // Every module moves to build/cli-<key>/ in the bundle, so `new URL('./x', import.meta.url)` in faults/a/b/c.ts
    // would look in build/. Only modules exactly two levels deep (src/<dir>/<file>.ts) resolve the same from there;
    // createRequire(import.meta.url) resolves packages, which works from anywhere in the repository.
    const { stdout } = await execa('grep', ['-rnE', 'import\\.meta', 'src', 'faults', 'app', '--include=*.ts'], { cwd: REPO, reject: false });
    const uses = stdout.split('\n').filter((line) => line && !line.split(':')[0]?.endsWith('.test.ts'));
    expect(uses.length).toBeGreaterThan(0);
    const pathUses = uses.filter((line) => !/createRequire\(import\.meta\.url\)/.test(line));
    expect(pathUses.filter((line) => !/^src\/[^/]+\/[^/:]+\.ts:/.test(line))).toEqual([]);
  });

  it('runs the real CLI from the bundle, and from source when asked', async () => {
    const bundled = await execa('node', [BIN, '--help'], { reject: false });
    const source = await execa('node', [BIN, '--help'], { reject: false, env: { FAULTLINE_NO_BUNDLE: '1' } });
    expect(bundled.exitCode).toBe(0);
    expect(bundled.stdout).toBe(source.stdout);
    expect(bundled.stderr).not.toContain('running from source');
  });
});
