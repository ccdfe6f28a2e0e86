import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFaultlineError } from '../../src/errors/index.js';
import { APP_BUNDLES, bundleApps } from '../../src/stack/bundle.js';

const appDir = fileURLToPath(new URL('../../app/', import.meta.url));

describe('bundleApps', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-bundle-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one self-contained CommonJS file per program, requiring only node built-ins', async () => {
    const started = Date.now();
    const result = await bundleApps(join(dir, 'out'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.cached).toBe(false);
    expect(Object.keys(result.files).sort()).toEqual([...APP_BUNDLES].sort());
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const name of APP_BUNDLES) {
      const text = await readFile(result.files[name], 'utf8');
      expect(result.files[name]).toBe(join(dir, 'out', `${name}.js`));
      const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
      expect(required.filter((r) => !builtins.has(r))).toEqual([]);
      expect(text).not.toMatch(/\bimport\.meta\b/);
    }
  });

  it('runs each bundle with node from a folder without node_modules', async () => {
    const { files } = await bundleApps(join(dir, 'out'));
    for (const name of APP_BUNDLES) {
      const copy = join(dir, `${name}.js`);
      await cp(files[name], copy);
      // An invalid environment: each program must load, validate its config and exit 1.
      const env = { PATH: '/usr/bin:/bin', ALERT_RECORDER_PORT: 'nope' };
      const run = spawnSync(process.execPath, [copy], { cwd: dir, env, encoding: 'utf8', timeout: 5000 });
      expect(run.status, `${name}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(`${name}: invalid configuration`);
    }
  });

  it('reuses bundles of unchanged sources and rebuilds when a source changes', async () => {
    const sources = join(dir, 'app');
    await cp(appDir, sources, { recursive: true });
    const first = await bundleApps(join(dir, 'copy-out'), { appDir: sources });
    const started = Date.now();
    const second = await bundleApps(join(dir, 'copy-out'), { appDir: sources });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(second).toEqual({ ...first, cached: true });

    await writeFile(join(sources, 'orders', 'config.ts'), `${await readFile(join(sources, 'orders', 'config.ts'), 'utf8')}\nexport const EXTRA = 1;\n`);
    const third = await bundleApps(join(dir, 'copy-out'), { appDir: sources });
    expect(third.cached).toBe(false);
    expect(third.sourceHash).not.toBe(first.sourceHash);
  });

  it('rebuilds when a bundle in the output folder was edited', async () => {
    const out = join(dir, 'edited-out');
    const first = await bundleApps(out);
    await writeFile(first.files.orders, '// tampered\n');
    const second = await bundleApps(out);
    expect(second.cached).toBe(false);
    expect(second.hash).toBe(first.hash);
  });

  it('throws PROVISION_FAILED naming the file when a source does not compile', async () => {
    const sources = join(dir, 'broken-app');
    await cp(appDir, sources, { recursive: true });
    await writeFile(join(sources, 'loadgen', 'traffic.ts'), 'export const = ;\n');
    const error: unknown = await bundleApps(join(dir, 'broken-out'), { appDir: sources }).catch((e: unknown) => e);
    expect(isFaultlineError(error) && error.code).toBe('PROVISION_FAILED');
    expect(isFaultlineError(error) && error.details.join('\n')).toMatch(/traffic\.ts:1:/);
  });
});
