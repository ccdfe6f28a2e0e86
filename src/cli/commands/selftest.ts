import type { CommandSpec } from '../command.js';
import { formatTable } from '../output.js';
import { parseSeed } from './parse-seed.js';

export const selftestCommand: CommandSpec = {
  name: 'selftest',
  summary: 'Run each scenario’s full cycle on a fresh environment: inject, symptom, verify, solve, revert',
  usage: 'faultline selftest [scenario ...] [--seed N] [--json]',
  options: { seed: { type: 'string' } },
  async run(positionals, values, out) {
    const { selftestScenario, SELFTEST_STEPS } = await import('../../engine/selftest.js');
    const { listScenarioIds, loadScenario } = await import('../../schema/load-scenario.js');
    const scenarios = positionals.length > 0 ? positionals : await listScenarioIds();
    for (const scenario of scenarios) await loadScenario(scenario); // bad input fails before anything boots
    const seed = parseSeed(values.seed);
    const results = [];
    for (const scenario of scenarios) {
      out.progress(`selftest ${scenario}`);
      results.push(await selftestScenario(scenario, seed, out.progress));
    }
    if (out.jsonMode) {
      out.json({ version: 1, passed: results.every((r) => r.passed), scenarios: results });
    } else {
      out.info(
        formatTable(
          ['SCENARIO', 'SEED', ...SELFTEST_STEPS.map((s) => s.toUpperCase())],
          results.map((r) => [
            r.scenario,
            String(r.seed ?? '-'),
            ...SELFTEST_STEPS.map((step) => {
              const s = r.steps.find((x) => x.step === step);
              return s ? `${s.passed ? '✓' : '✗'} ${(s.ms / 1000).toFixed(1)}s` : '-';
            }),
          ]),
        ),
      );
      for (const r of results) {
        for (const s of r.steps.filter((x) => !x.passed)) out.info(`\n✗ ${r.scenario} / ${s.step}:\n${s.evidence}`);
      }
    }
    return results.every((r) => r.passed) ? 0 : 54;
  },
};
