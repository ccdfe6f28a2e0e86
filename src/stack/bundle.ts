import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion, type BuildFailure } from 'esbuild';
import { FaultlineError } from '../errors/index.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

/** The programs that run inside the machines, each bundled to `<name>.js`. */
export const APP_BUNDLES = ['orders', 'loadgen', 'alert-recorder', 'log-shipper'] as const;
export type AppBundle = (typeof APP_BUNDLES)[number];

/** Bump when the build options below change, to invalidate cached bundles. */
const RECIPE_VERSION = 1;
const MANIFEST = 'bundles.json';

/** Where the bundles were written. */
export interface BundleResult {
  /** Absolute path of each bundle. */
  readonly files: Readonly<Record<AppBundle, string>>;
  /** sha256 over the bundles' contents (changes when any bundle changes). */
  readonly hash: string;
  /** sha256 over the inputs (app/ sources, esbuild and zod versions, recipe). */
  readonly sourceHash: string;
  /** True when the bundles in `outDir` were already up to date. */
  readonly cached: boolean;
}

export interface BundleOptions {
  /** The app/ source folder (default: the repository's app/). */
  readonly appDir?: string;
}

/**
 * Bundle the in-machine programs with esbuild into one self-contained
 * CommonJS file each (platform node, target node18, node: built-ins only),
 * written atomically into `outDir`. Skips the build when `outDir` already
 * holds bundles of the same sources.
 */
export async function bundleApps(outDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const appDir = options.appDir ?? fileURLToPath(new URL('../../app/', import.meta.url));
  const sourceHash = await hashSources(appDir);
  const files = Object.fromEntries(APP_BUNDLES.map((name) => [name, join(outDir, `${name}.js`)])) as Record<AppBundle, string>;

  const cachedHash = await readCachedHash(outDir, sourceHash, files);
  if (cachedHash !== undefined) return { files, hash: cachedHash, sourceHash, cached: true };

  const outputs = await buildBundles(appDir, outDir, getNodeModulesDir());
  const contentHash = createHash('sha256');
  for (const name of APP_BUNDLES) {
    const text = outputs.get(files[name]);
    if (text === undefined) throw new FaultlineError('PROVISION_FAILED', `esbuild produced no ${name}.js`);
    contentHash.update(`${name}\0${text}\0`);
    await writeFileAtomic(files[name], text);
  }
  const hash = contentHash.digest('hex');
  await writeFileAtomic(join(outDir, MANIFEST), `${JSON.stringify({ sourceHash, hash }, null, 2)}\n`);
  return { files, hash, sourceHash, cached: false };
}

/** The node_modules folder holding zod, so an app/ folder outside the repository still resolves it. */
function getNodeModulesDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve('zod/package.json')));
}

async function buildBundles(appDir: string, outDir: string, nodeModules: string): Promise<Map<string, string>> {
  try {
    const result = await build({
      entryPoints: Object.fromEntries(APP_BUNDLES.map((name) => [name, join(appDir, name, 'main.ts')])),
      outdir: outDir,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      write: false,
      nodePaths: [nodeModules],
      logLevel: 'silent',
      banner: { js: '// Built by faultline (src/stack/bundle.ts) from app/; do not edit.' },
    });
    return new Map(result.outputFiles.map((file) => [file.path, file.text]));
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    throw new FaultlineError('PROVISION_FAILED', 'Could not bundle the in-machine programs (app/) with esbuild.', {
      hint: 'Fix the TypeScript errors listed below in app/, then retry.',
      details: (failure.errors ?? []).map((e) => `${e.location?.file ?? '?'}:${e.location?.line ?? '?'}: ${e.text}`),
      cause: error,
    });
  }
}

/** Hash of every file under `appDir` plus the toolchain that turns them into bundles. */
async function hashSources(appDir: string): Promise<string> {
  const hash = createHash('sha256');
  const zodPackage = await readFile(createRequire(import.meta.url).resolve('zod/package.json'), 'utf8');
  hash.update(`recipe ${RECIPE_VERSION}\0esbuild ${esbuildVersion}\0zod ${JSON.parse(zodPackage).version as string}\0`);
  const entries = await readdir(appDir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  for (const path of paths) {
    hash.update(`${relative(appDir, path)}\0`);
    hash.update(await readFile(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The content hash recorded for `sourceHash`, if every bundle is still there unchanged. */
async function readCachedHash(outDir: string, sourceHash: string, files: Record<AppBundle, string>): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, MANIFEST), 'utf8')) as { sourceHash?: string; hash?: string };
    if (manifest.sourceHash !== sourceHash) return undefined;
    const contentHash = createHash('sha256');
    for (const name of APP_BUNDLES) contentHash.update(`${name}\0${await readFile(files[name], 'utf8')}\0`);
    const hash = contentHash.digest('hex');
    return hash === manifest.hash ? hash : undefined;
  } catch {
    return undefined;
  }
}
