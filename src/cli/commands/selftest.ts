import { EXIT_CODES, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { formatTable } from '../output.js';

export const selftestCommand = defineCommand({
  name: 'selftest',
  summary: 'Run each scenario’s full cycle on a fresh environment: inject, symptom, verify, (wrong fixes,) solve, revert',
  usage: 'faultline selftest [scenario ...] [--seed N] [--wrong-fixes] [--jobs N] [--json]',
  maxPositionals: 'unbounded',
  flags: { seed: flag.seed(), 'wrong-fixes': flag.boolean(), jobs: flag.integer(1, 8) },
  async run(positionals, values, out) {
    const { selftestScenario, selftestSteps } = await import('../../engine/selftest.js');
    const { listScenarioIds, loadScenario } = await import('../../schema/load-scenario.js');
    const scenarios = positionals.length > 0 ? positionals : await listScenarioIds();
    for (const scenario of scenarios) await loadScenario(scenario); // bad input fails before anything boots
    const seed = values.seed;
    const jobs = values.jobs ?? 1;
    const options = { wrongFixes: values['wrong-fixes'] === true };
    const results: Awaited<ReturnType<typeof selftestScenario>>[] = new Array(scenarios.length);
    let next = 0;
    // At most `jobs` environments at a time; results keep the order the scenarios were given in.
    const worker = async (): Promise<void> => {
      while (next < scenarios.length) {
        const index = next++;
        const scenario = scenarios[index] as string;
        out.progress(`selftest ${scenario}`);
        results[index] = await selftestScenario(scenario, seed, out.progress, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, scenarios.length) }, worker));
    const steps = selftestSteps(options);
    if (out.jsonMode) {
      out.json({ version: 1, ok: results.every((r) => r.passed), passed: results.every((r) => r.passed), steps, scenarios: results });
    } else {
      out.info(
        formatTable(
          ['SCENARIO', 'SEED', ...steps.map((s) => s.toUpperCase())],
          results.map((r) => [
            r.scenario,
            String(r.seed ?? '-'),
            ...steps.map((step) => {
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
    return results.every((r) => r.passed) ? OK_EXIT : EXIT_CODES.SELFTEST_FAILED;
  },
});
