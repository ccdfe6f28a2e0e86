import { afterAll, describe, expect, it } from 'vitest';
import { listFaultIds } from '../../../faults/registry.js';
import { listScenarioIds } from '../../../src/schema/load-scenario.js';
import { faultline as run, parseJson } from '../../support/faultline-cli.js';
import { createTestHome } from '../../support/test-home.js';

const home = createTestHome();
afterAll(() => home.remove());
/** The CLI in a throwaway home, so nothing touches the shared one. */
const faultline = (args: readonly string[]) => run(args, home.env);

interface FaultsJson {
  version: number;
  ok: boolean;
  faults: { id: string; area: string; level: number; targets: string[]; symptomSeconds: number; wrongFixes: string[] }[];
}
interface ScenariosJson {
  version: number;
  ok: boolean;
  scenarios: { id: string; level: number; areas: string[]; targets: string[]; faults: string[]; timebox: string; symptomSeconds: number }[];
}

describe('faultline faults / scenarios (the real CLI)', () => {
  it('faults --json lists every registered fault with area, level, targets, symptom time and wrong fixes', async () => {
    const result = await faultline(['faults', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const json = parseJson<FaultsJson>(result);
    expect(json).toMatchObject({ version: 1, ok: true });
    expect(json.faults.map((f) => f.id)).toEqual(listFaultIds());
    for (const fault of json.faults) {
      expect(fault.targets.length).toBeGreaterThan(0);
      expect(fault.wrongFixes.length).toBeGreaterThan(0);
    }
  });

  it('faults prints a table with one row per fault', async () => {
    const result = await faultline(['faults']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^FAULT\s+AREA\s+LEVEL\s+TARGETS\s+SYMPTOM/);
    expect(lines).toHaveLength(listFaultIds().length + 1);
  });

  it('scenarios --json lists every scenario; --filter narrows it with the draw syntax', async () => {
    const all = parseJson<ScenariosJson>(await faultline(['scenarios', '--json']));
    expect(all.scenarios.map((s) => s.id)).toEqual(await listScenarioIds());
    const filtered = parseJson<ScenariosJson>(await faultline(['scenarios', '--filter', 'level=4-6 faults=2-9', '--json']));
    expect(filtered.scenarios.length).toBeGreaterThanOrEqual(3);
    for (const s of filtered.scenarios) {
      expect(s.level).toBeGreaterThanOrEqual(4);
      expect(s.faults.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('a bad filter is a usage error (exit 2) naming the term', async () => {
    const result = await faultline(['scenarios', '--filter', 'area=selinux']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown area "selinux"/);
  });

  it('up with both a scenario and --draw, or with neither, is a usage error before anything exists', async () => {
    const both = await faultline(['up', 'baseline', '--draw', 'level=2', '--candidate', 'x']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const neither = await faultline(['up', '--candidate', 'x']);
    expect(neither.exitCode).toBe(2);
  });
});
