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

/** Target names (src/schema/scenario.ts `targetName`), as they would appear quoted in a comparison. */
const TARGET_NAME = String.raw`'(?:local|aws|kubernetes)'`;
/** `x === 'local'`, `'aws' !== y`, `case 'kubernetes':`: deciding by a target's name. */
const NAME_COMPARISON = new RegExp(String.raw`(?:[!=]==?\s*${TARGET_NAME})|(?:${TARGET_NAME}\s*[!=]==?)|(?:case\s+${TARGET_NAME}\s*:)`);

/** Lines of files under `from` that compare a target's name, as `file:line: text`. */
function nameComparisons(from: string): string[] {
  return sourceFiles(from).flatMap((file) =>
    readFileSync(join(REPO_ROOT, file), 'utf8')
      .split('\n')
      .flatMap((text, index) => (NAME_COMPARISON.test(text) ? [`${file}:${index + 1}: ${text.trim()}`] : [])),
  );
}

/** The public face of src/targets: the registry the engine and the CLI reach targets through. */
const TARGETS_PUBLIC = 'src/targets/index.ts';

/** The layers docs/ARCHITECTURE.md describes; each rule fails naming file:line of any break. */
describe('import layers', () => {
  it('faults import only core, schema, stack, errors, utils and each other — never a target, the engine, access or the CLI', () => {
    expect(breaks('faults', ['src/targets', 'src/engine', 'src/access', 'src/cli', 'infra', 'app'])).toEqual([]);
  });

  it('the bottom layers (core, schema, errors, utils) import nothing above them', () => {
    for (const layer of ['src/core', 'src/schema', 'src/errors', 'src/utils']) {
      expect(breaks(layer, ['src/engine', 'src/cli', 'src/targets', 'src/access', 'faults']), layer).toEqual([]);
    }
  });

  it('the engine and the CLI reach targets only through src/targets/index.ts, never a target\'s own modules', () => {
    for (const layer of ['src/engine', 'src/cli', 'src/access']) {
      const inside = sourceFiles(layer)
        .flatMap(importsOf)
        .filter((i) => i.target.startsWith('src/targets/') && i.target.replace(/\.js$/, '.ts') !== TARGETS_PUBLIC)
        .map((i) => `${i.file}:${i.line} → ${i.target}`);
      expect(inside, layer).toEqual([]);
    }
  });

  // infra/ is the cloud targets' Pulumi program (driven by src/targets/pulumi only), so it may pick a program by name.
  it('no target name is compared outside src/targets and their infra/ program (ask the Target for a capability instead)', () => {
    for (const layer of ['src/cli', 'src/engine', 'src/access', 'src/core', 'src/schema', 'src/stack', 'src/utils', 'src/errors', 'faults', 'app']) {
      expect(nameComparisons(layer), layer).toEqual([]);
    }
  });

  it('the name-comparison check catches the shapes it is meant to', () => {
    const caught = ["if (state.target === 'local')", "t !== 'aws'", "'kubernetes' === name", "case 'local':"].filter((text) => NAME_COMPARISON.test(text));
    expect(caught).toHaveLength(4);
    expect(NAME_COMPARISON.test("const target = options.target ?? DEFAULT_TARGET; allowTcpForwarding: 'local'")).toBe(false);
  });

  it('targets and access import neither the engine, the CLI, faults nor each other; stack and infra sit below them', () => {
    expect(breaks('src/targets', ['src/engine', 'src/cli', 'src/access', 'faults']), 'src/targets').toEqual([]);
    expect(breaks('src/access', ['src/engine', 'src/cli', 'src/targets', 'faults']), 'src/access').toEqual([]);
    expect(breaks('src/stack', ['src/engine', 'src/cli', 'src/targets', 'src/access', 'src/core', 'faults', 'infra']), 'src/stack').toEqual([]);
    expect(breaks('infra', ['src/engine', 'src/cli', 'src/targets', 'src/access', 'faults']), 'infra').toEqual([]);
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
