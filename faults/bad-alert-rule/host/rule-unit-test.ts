import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../src/core/paths.js';
import { isMap, isSeq } from 'yaml';
import { parse, stringify } from 'yaml';
import { parseRuleDocument } from './rule-file.js';

/** Name the candidate's rules get next to the test file. */
export const UNIT_TEST_RULES_FILE = 'orders.rules.yml';

/** The unit test shipped with this fault (faults/bad-alert-rule/host/rule.test.yml). */
export async function readShippedRuleTest(): Promise<string> {
  // From the repository root, not relative to this module: the CLI runs from a bundle in build/ (bin/cli-bundle.js).
  return readFile(join(REPO_ROOT, 'faults', 'bad-alert-rule', 'host', 'rule.test.yml'), 'utf8');
}

/** The two files `promtool test rules tests.yml` needs, in one directory. */
export interface RuleUnitTestFiles {
  readonly rules: string;
  readonly tests: string;
}

/**
 * Prepare a candidate's rule file for the shipped unit test: annotations are
 * dropped (their wording is not graded) and the test's `rule_files` points at
 * the copy. Throws INVALID_CONFIG when the rule file is not YAML.
 */
export function prepareRuleUnitTest(candidateRules: string, testsYaml: string): RuleUnitTestFiles {
  const doc = parseRuleDocument(candidateRules);
  const groups = doc.get('groups');
  if (isSeq(groups)) {
    for (const group of groups.items) {
      const rules = isMap(group) ? group.get('rules') : undefined;
      if (!isSeq(rules)) continue;
      for (const rule of rules.items) if (isMap(rule)) rule.delete('annotations');
    }
  }
  const tests = parse(testsYaml) as Record<string, unknown>;
  return {
    rules: doc.toString({ lineWidth: 0 }),
    tests: stringify({ ...tests, rule_files: [UNIT_TEST_RULES_FILE] }, { lineWidth: 0 }),
  };
}
