import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrongFix as badAlertRuleWrongFix } from '../../faults/bad-alert-rule/index.js';
import { wrongFix as diskPressureWrongFix } from '../../faults/disk-pressure/index.js';
import { wrongFix as misroutedServiceWrongFix } from '../../faults/misrouted-service/index.js';
import type { FaultContext } from '../../src/core/fault.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('fault integration tests', skipReason);

/** Per fault: a change that makes the symptom go away without fixing the root cause. */
const WRONG_FIXES: Readonly<Record<string, (ctx: FaultContext, params: never) => Promise<void>>> = {
  'misrouted-service': misroutedServiceWrongFix,
  'disk-pressure': diskPressureWrongFix,
  'bad-alert-rule': badAlertRuleWrongFix,
};

interface SelftestJson {
  passed: boolean;
  scenarios: { scenario: string; passed: boolean; steps: { step: string; passed: boolean; evidence: string }[] }[];
}

describe.skipIf(skipReason !== undefined)('selftest runs every scenario’s full cycle for real', () => {
  const home = createTestHome();
  afterAll(() => home.remove());

  it('baseline → inject → symptom → verify fails → solve → verify passes → revert → baseline → down, for every scenario', async () => {
    const before = await snapshotResidue(home.home);
    const result = await faultline(['selftest', '--json'], home.env, 3_000_000);
    const report = parseJson<SelftestJson>(result);
    const failures = report.scenarios.flatMap((s) => s.steps.filter((step) => !step.passed).map((step) => `${s.scenario}/${step.step}: ${step.evidence}`));
    expect(failures).toEqual([]);
    expect(report.scenarios.map((s) => s.scenario).sort()).toEqual(['bad-alert-rule', 'baseline', 'checkout-incident', 'disk-pressure', 'misrouted-service']);
    for (const scenario of report.scenarios) expect(scenario.steps).toHaveLength(9);
    expect(result.exitCode).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
    const envs = join(home.home, 'envs');
    expect(existsSync(envs) ? readdirSync(envs) : []).toEqual([]);
  });
});

describe.skipIf(skipReason !== undefined)('masking the symptom does not pass the check', () => {
  const home = createTestHome();
  beforeAll(() => {
    process.env.FAULTLINE_HOME = home.home;
  });
  afterAll(async () => {
    await faultline(['down', '--all'], home.env);
    home.remove();
  });

  for (const scenario of ['misrouted-service', 'disk-pressure', 'bad-alert-rule']) {
    it(`${scenario}: check fails after the wrong fix, with evidence naming the root cause`, async () => {
      const up = await faultline(['up', scenario, '--candidate', 'mallory', '--seed', '42', '--json'], home.env);
      expect(up.exitCode, up.stderr).toBe(0);
      const name = parseJson<{ environment: { name: string } }>(up).environment.name;

      const { resolveEnv } = await import('../../src/core/state-store.js');
      const { envHandles } = await import('../../src/engine/env-context.js');
      const { faultContext } = await import('../../src/engine/fault-runner.js');
      const { loadConfig } = await import('../../src/engine/load-config.js');
      const state = await resolveEnv(name);
      const handles = envHandles(state, await loadConfig());
      const [entry] = state.faults;
      expect(entry?.id).toBe(scenario);
      await WRONG_FIXES[scenario]!(faultContext(state, handles, entry!, 0), entry!.params as never);

      const check = await faultline(['check', name, '--json'], home.env);
      expect(check.exitCode).toBe(53);
      const verdict = parseJson<{ passed: boolean; faults: { fault: string; passed: boolean; criteria: { passed: boolean; evidence: string }[] }[] }>(check);
      expect(verdict.passed).toBe(false);
      const failing = verdict.faults[0]!.criteria.filter((c) => !c.passed);
      expect(failing.length).toBeGreaterThan(0);
      expect(failing.every((c) => c.evidence.length > 0)).toBe(true);
      expect((await faultline(['down', name], home.env)).exitCode).toBe(0);
    });
  }
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
