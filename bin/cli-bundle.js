// The CLI as plain JavaScript, built once per version of the sources.
//
// Loading ~350 TypeScript modules through tsx costs over a second at every
// command (its loader hooks run in a worker thread); one esbuild bundle of
// the same sources loads in a fraction of that. The bundle lives in
// build/cli-<key>/, where <key> hashes the path, size and mtime of every file
// under src/ and faults/ plus the lock file and tsconfig: an edited, added or
// removed source means a new key, so a stale bundle is never run. A clean
// clone still needs no build step: the first command builds (under a second).
//
// Concurrent first runs (or calls) each build into their own temporary directory and
// rename it into place; the loser's rename fails and it uses the winner's.
// Directories of older keys are left for `pruneOldBundles` (a process started
// from one may still import its chunks lazily).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const SOURCE_DIRS = ['src', 'faults'];
const SOURCE_FILES = ['package-lock.json', 'tsconfig.json', 'bin/cli-bundle.js'];
/** Bundles of other keys older than this are removed after a build. */
const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Hash of every source file's path, size and mtime (cheap: ~400 stats). */
export function sourceKey(repo = REPO) {
  const hash = createHash('sha256');
  const visit = (relative) => {
    const path = join(repo, relative);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(relative, name));
      return;
    }
    hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const entry of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(entry);
  return hash.digest('hex').slice(0, 16);
}

/** build/cli-<key>/main.js for the current sources, building it if missing. */
export async function ensureCliBundle(repo = REPO) {
  const dir = join(repo, 'build', `cli-${sourceKey(repo)}`);
  const entry = join(dir, 'main.js');
  if (existsSync(entry)) return entry;
  const temporary = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(repo, 'src', 'cli', 'main.ts')],
    outdir: temporary,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Loaded lazily by the cloud target or read as files: keep them packages, not bundle contents.
    external: ['@pulumi/*', 'esbuild', 'asciinema-player', 'tsx'],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __faultlineRequire } from 'node:module'; const require = __faultlineRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  try {
    renameSync(temporary, dir);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another process built the same key first
  }
  pruneOldBundles(dir);
  return entry;
}

/** Remove bundles of other keys not touched for a day. */
export function pruneOldBundles(keep) {
  const build = dirname(keep);
  for (const name of readdirSync(build)) {
    const path = join(build, name);
    if (path === keep || !name.startsWith('cli-')) continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}
