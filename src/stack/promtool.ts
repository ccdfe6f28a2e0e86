import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { findExecutable } from '../utils/find-executable.js';
import { parse, stringify } from 'yaml';
import { FaultlineError } from '../errors/index.js';

/** What promtool said. `output` is stdout and stderr together, usable as evidence text. */
export interface PromtoolResult {
  readonly passed: boolean;
  readonly exitCode: number;
  readonly output: string;
}

/** File name the rules get in the temporary directory. */
const RULES_FILE = 'rules.yml';

/**
 * Run `promtool test rules` on a unit-test file against the given rules.
 * Both are copied into a fresh temporary directory and the tests'
 * `rule_files` is pointed at that copy, so a test file written for any layout
 * (src/stack/rules-tests/orders.rules.test.yml) runs against any rules text —
 * including a candidate's edited rule. Throws MISSING_HOST_PACKAGES when
 * promtool is not installed; a failing test is a result, not an error.
 */
export async function runPromtoolRuleTests(rulesYaml: string, testsYaml: string): Promise<PromtoolResult> {
  const tests = parse(testsYaml) as unknown;
  if (typeof tests !== 'object' || tests === null || !Array.isArray((tests as { tests?: unknown }).tests)) {
    throw new FaultlineError('INVALID_CONFIG', 'The promtool unit-test file has no `tests:` list.');
  }
  return withTempDir(async (dir) => {
    await writeFile(join(dir, RULES_FILE), rulesYaml);
    await writeFile(join(dir, 'tests.yml'), stringify({ ...tests, rule_files: [RULES_FILE] }, { lineWidth: 0 }));
    return promtool(['test', 'rules', 'tests.yml'], dir);
  });
}

/** Run `promtool check rules` on a rule file's text. */
export async function checkRulesWithPromtool(rulesYaml: string): Promise<PromtoolResult> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, RULES_FILE), rulesYaml);
    return promtool(['check', 'rules', RULES_FILE], dir);
  });
}

/** True when this host has promtool (judges run it here rather than trust a machine's copy). */
export async function hostHasPromtool(): Promise<boolean> {
  return (await findExecutable('promtool')) !== undefined;
}

/** Run promtool with `args` in `cwd`. */
export async function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  const result = await execa('promtool', args, { cwd, reject: false, all: true, timeout: 60_000 });
  if ((result as { code?: string }).code === 'ENOENT') {
    throw new FaultlineError('MISSING_HOST_PACKAGES', 'promtool is not installed.', {
      hint: 'Install it: apt-get install -y prometheus (Debian ships promtool in that package).',
      cause: result,
    });
  }
  const exitCode = result.exitCode ?? -1;
  return { passed: exitCode === 0, exitCode, output: String(result.all ?? '').trim() };
}

async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-promtool-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
