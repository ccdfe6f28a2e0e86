import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/core/paths.js';

/** Every .ts file under `dir` (repo-relative). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) out.push(relative(REPO_ROOT, path));
    }
  };
  walk(join(REPO_ROOT, dir));
  return out;
}

interface Import {
  readonly file: string;
  readonly line: number;
  /** Repo-relative path of a relative import, or the bare specifier. */
  readonly target: string;
}

/** The static and dynamic imports of a file, relative ones resolved to repo paths. */
function importsOf(file: string): Import[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const found: Import[] = [];
  for (const [index, text] of lines.entries()) {
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/g)) {
      const spec = match[1] ?? '';
      const target = spec.startsWith('.') ? relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), spec)) : spec;
      found.push({ file, line: index + 1, target });
    }
  }
  return found;
}

/** Imports from files under `from` whose target is under one of `forbidden`, as `file:line → target`. */
function breaks(from: string, forbidden: readonly string[]): string[] {
  return sourceFiles(from)
    .flatMap(importsOf)
    .filter((i) => forbidden.some((f) => i.target === f || i.target.startsWith(`${f}/`)))
    .map((i) => `${i.file}:${i.line} → ${i.target}`);
}

/** The layers docs/ARCHITECTURE.md describes that hold today; each rule fails naming file:line of any break. */
describe('import layers', () => {
  it('faults import only core, schema, stack, errors, utils and each other — never a target, the engine, access or the CLI', () => {
    expect(breaks('faults', ['src/targets', 'src/engine', 'src/access', 'src/cli', 'infra', 'app'])).toEqual([]);
  });

  it('the bottom layers (core, schema, errors, utils) import nothing above them', () => {
    for (const layer of ['src/core', 'src/schema', 'src/errors', 'src/utils']) {
      expect(breaks(layer, ['src/engine', 'src/cli', 'src/targets', 'src/access', 'faults']), layer).toEqual([]);
    }
  });

  it('only the pulumi adapter imports infra/', () => {
    const outside = ['src/cli', 'src/engine', 'src/core', 'src/access', 'src/targets/local', 'src/stack', 'faults'];
    for (const layer of outside) expect(breaks(layer, ['infra']), layer).toEqual([]);
  });

  it('app/ (the programs inside machines) imports nothing from src/, faults/ or infra/', () => {
    expect(breaks('app', ['src', 'faults', 'infra'])).toEqual([]);
  });

  it('nothing imports the CLI but the CLI', () => {
    for (const layer of ['src/engine', 'src/core', 'src/targets', 'src/access', 'src/stack', 'faults', 'infra']) {
      expect(breaks(layer, ['src/cli']), layer).toEqual([]);
    }
  });
});
