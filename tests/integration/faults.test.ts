import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getImplementation, listFaults } from '../../faults/registry.js';
import { selftestSteps } from '../../src/engine/selftest.js';
import { listScenarioIds, loadScenario } from '../../src/schema/load-scenario.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('fault integration tests', skipReason);

interface SelftestJson {
  passed: boolean;
  steps: string[];
  scenarios: { scenario: string; passed: boolean; steps: { step: string; passed: boolean; ms: number; evidence: string }[] }[];
}

/**
 * Every scenario's full cycle, and every host fault's every wrong fix, for
 * real. Two environments at a time (--jobs 2) to stay inside CI's budget on
 * two cores; selftest prints each step's time.
 */
describe.skipIf(skipReason !== undefined)('selftest runs every scenario’s full cycle and every wrong fix for real', () => {
  const home = createTestHome();
  afterAll(() => home.remove());

  it('baseline → inject → symptom → verify fails → (wrong fixes rejected) → solve → verify passes → revert → baseline → down, for every scenario', async () => {
    const ids = await listScenarioIds();
    const scenarios = await Promise.all(ids.map((id) => loadScenario(id)));
    // Wrong fixes run in each fault's own scenario; multi-fault scenarios prove the faults do not mask each other.
    const single = scenarios.filter((s) => s.faults.length === 1).map((s) => s.id);
    const rest = scenarios.filter((s) => s.faults.length !== 1).map((s) => s.id);
    const before = await snapshotResidue(home.home);
    const runs: { report: SelftestJson; exitCode: number; wrongFixes: boolean }[] = [];
    for (const [list, wrongFixes] of [[single, true], [rest, false]] as const) {
      const result = await faultline(['selftest', ...list, ...(wrongFixes ? ['--wrong-fixes'] : []), '--jobs', '2', '--json'], home.env, 2_600_000);
      runs.push({ report: parseJson<SelftestJson>(result), exitCode: result.exitCode, wrongFixes });
    }
    const failures = runs.flatMap((r) => r.report.scenarios.flatMap((s) => s.steps.filter((step) => !step.passed).map((step) => `${s.scenario}/${step.step}: ${step.evidence}`)));
    expect(failures).toEqual([]);
    expect(runs.flatMap((r) => r.report.scenarios.map((s) => s.scenario)).sort()).toEqual([...ids].sort());
    for (const run of runs) {
      for (const scenario of run.report.scenarios) expect(scenario.steps.map((s) => s.step)).toEqual(selftestSteps({ wrongFixes: run.wrongFixes }));
      expect(run.exitCode).toBe(0);
    }
    // Every wrong fix of every host fault was applied in the fault's own scenario and rejected.
    const evidence = runs[0]!.report.scenarios.flatMap((s) => s.steps.filter((step) => step.step === 'wrong fixes rejected').map((step) => step.evidence)).join('\n');
    for (const fault of listFaults().filter((f) => f.implementations.host)) {
      for (const wrong of getImplementation(fault.id, 'host').wrongFixes) expect(evidence).toContain(`${fault.id}/${wrong.id}: rejected`);
    }
    expect(await snapshotResidue(home.home)).toEqual(before);
    const envs = join(home.home, 'envs');
    expect(existsSync(envs) ? readdirSync(envs) : []).toEqual([]);
  }, 2_800_000);
});

describe.skipIf(skipReason !== undefined)('the check command rejects a wrong fix', () => {
  const home = createTestHome();
  beforeAll(() => {
    process.env.FAULTLINE_HOME = home.home;
  });
  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    home.remove();
  });

  it('misrouted-service: `faultline check` exits 53 after the wrong fix, with evidence naming the root cause', async () => {
    const scenario = await loadScenario('misrouted-service');
    const up = await faultline(['up', scenario.id, '--candidate', 'mallory', '--seed', '42', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    const name = parseJson<{ state: { name: string } }>(up).state.name;

    const { resolveEnv } = await import('../../src/core/state-store.js');
    const { envHandles } = await import('../../src/engine/env-context.js');
    const { faultContext } = await import('../../src/engine/fault-runner.js');
    const { loadConfig } = await import('../../src/engine/load-config.js');
    const state = await resolveEnv(name);
    const handles = envHandles(state, await loadConfig());
    const [entry] = state.faults;
    expect(entry?.id).toBe('misrouted-service');
    for (const wrong of getImplementation(entry!.id, 'host').wrongFixes) await wrong.apply(faultContext(state, handles, entry!, 0), entry!.params);

    const check = await faultline(['check', name, '--json'], home.env);
    expect(check.exitCode).toBe(53);
    const verdict = parseJson<{ passed: boolean; faults: { fault: string; passed: boolean; criteria: { passed: boolean; evidence: string }[] }[] }>(check);
    expect(verdict.passed).toBe(false);
    const failing = verdict.faults[0]!.criteria.filter((c) => !c.passed);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((c) => c.evidence.length > 0)).toBe(true);
    expect((await faultline(['down', name, '--wait'], home.env)).exitCode).toBe(0);
  });
});

describe.skipIf(skipReason !== undefined)('up --draw', () => {
  const home = createTestHome();
  beforeAll(() => {
    process.env.FAULTLINE_HOME = home.home;
  });
  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    home.remove();
  });

  it('draws a seeded scenario among the matching ones, tells the interviewer, and keeps it out of the machines', async () => {
    const filter = 'level=2-3 area=tls target=local';
    const up = await faultline(['up', '--draw', filter, '--candidate', 'grace', '--seed', '5', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    const env = parseJson<{ state: { name: string; scenario: string; extra: { draw: { scenario: string; candidates: string[]; filter: string } } } }>(up).state;
    const { scenarioCatalogue } = await import('../../src/engine/catalogue.js');
    const { drawScenario } = await import('../../src/engine/draw.js');
    const expected = drawScenario((await scenarioCatalogue()).filter((r) => r.targets.includes('local')), filter, 5);
    expect(env.scenario).toBe(expected.scenario);
    expect(env.extra.draw).toMatchObject({ scenario: expected.scenario, candidates: expected.candidates, filter });
    expect(env.name.startsWith('draw-grace-')).toBe(true);
    const status = await faultline(['status', env.name], home.env);
    expect(status.stdout).toContain(`drawn: ${expected.scenario}`);
    const report = await faultline(['report', env.name], home.env);
    expect(report.stdout).toContain(expected.scenario);

    const { resolveEnv } = await import('../../src/core/state-store.js');
    const { envHandles } = await import('../../src/engine/env-context.js');
    const { loadConfig } = await import('../../src/engine/load-config.js');
    const state = await resolveEnv(env.name);
    const handles = envHandles(state, await loadConfig());
    for (const role of ['edge', 'app', 'store', 'mon'] as const) {
      const grep = await handles.exec.sh(role, `grep -rIl -e ${expected.scenario} /etc /opt /var/lib /run /home 2>/dev/null | head -5; hostname`);
      expect(grep.stdout.trim().split('\n').slice(0, -1), `${role}: files naming the drawn scenario`).toEqual([]);
      expect(grep.stdout).not.toContain(expected.scenario);
    }
    expect((await faultline(['down', env.name, '--wait'], home.env)).exitCode).toBe(0);
  });

  it('a draw filter that matches nothing is a usage error and creates nothing', async () => {
    const before = await snapshotResidue(home.home);
    const result = await faultline(['up', '--draw', 'faults=15', '--candidate', 'x'], home.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No scenario matches the draw filter/);
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});

describe.skipIf(skipReason !== undefined)('bad input creates nothing', () => {
  const home = createTestHome();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-scenarios-'));
  afterAll(() => home.remove());

  const write = (id: string, body: string): string => {
    const path = join(dir, `${id}.yaml`);
    writeFileSync(path, body);
    return path;
  };
  const base = (id: string, faults: string): string =>
    `id: ${id}\ntitle: Test scenario\nlevel: 2\nsummary: A scenario for tests only.\nbriefing: Something is wrong with orders.\n${faults}\ndebrief:\n  rootCause: test\n`;

  const cases: [string, () => string[], number, RegExp][] = [
    ['an unknown fault id', () => ['up', write('unknown-fault', base('unknown-fault', 'faults:\n  - id: no-such-fault')), '--candidate', 'x'], 23, /Unknown fault "no-such-fault".*\n.*Known faults: .*disk-pressure/],
    ['params that fail the fault’s schema', () => ['up', write('bad-params', base('bad-params', 'faults:\n  - id: misrouted-service\n    params: { variant: sideways }')), '--candidate', 'x'], 22, /params\.variant/],
    ['unknown and missing scenario fields', () => ['up', write('bad-fields', 'id: bad-fields\ntitel: typo\nlevel: 9\n'), '--candidate', 'x'], 20, /^(?=[\s\S]*unknown field "titel")(?=[\s\S]*level: Too big)(?=[\s\S]*summary: expected string)/],
    ['a scenario that does not exist', () => ['up', 'no-such-scenario', '--candidate', 'x'], 24, /No scenario "no-such-scenario"/],
    ['a bad candidate name', () => ['up', 'baseline', '--candidate', 'Ada Lovelace'], 2, /not a valid name/],
    ['check on a missing environment', () => ['check', 'nope-nope-000000'], 30, /No environment "nope-nope-000000"/],
    ['reset on a missing environment', () => ['reset', 'nope-nope-000000'], 30, /No environment/],
  ];
  for (const [what, args, code, message] of cases) {
    it(`${what} → exit ${code}, a message naming the problem, nothing created`, async () => {
      const before = await snapshotResidue(home.home);
      const result = await faultline(args(), home.env);
      expect(result.exitCode, result.stderr).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(await snapshotResidue(home.home)).toEqual(before);
      const envs = join(home.home, 'envs');
      expect(existsSync(envs) ? readdirSync(envs) : []).toEqual([]);
    });
  }
});
