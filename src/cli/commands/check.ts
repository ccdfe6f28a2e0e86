import { EXIT_CODES, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { requireEnvRef } from './env-ref.js';

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'Is every root cause fixed (not just the symptom)? Per fault and criterion, with evidence',
  usage: 'faultline check <env> [--json]',
  maxPositionals: 1,
  flags: {},
  async run(positionals, _values, out) {
    const ref = requireEnvRef(this, positionals);
    const { checkEnvironment } = await import('../../engine/check.js');
    const report = await checkEnvironment(ref);
    if (out.jsonMode) {
      out.json({ version: 1, ok: report.passed, environment: report.env.name, passed: report.passed, faults: report.faults });
    } else if (report.faults.length === 0) {
      out.info(`${report.env.name}: no faults to check (scenario ${report.env.scenario})`);
    } else {
      for (const verdict of report.faults) {
        out.info(`${verdict.passed ? 'PASS' : 'FAIL'}  ${verdict.fault}`);
        for (const c of verdict.criteria) {
          out.info(`  ${c.passed ? '✓' : '✗'} ${c.name}`);
          for (const line of c.evidence.split('\n')) out.info(`      ${line}`);
        }
      }
      out.info(report.passed ? '\nall root causes fixed' : '\nnot fixed yet');
    }
    return report.passed ? OK_EXIT : EXIT_CODES.CHECK_FAILED;
  },
});
