import { describe, expect, it } from 'vitest';
import { wrongFix as badAlertRuleWrongFix } from '../../faults/bad-alert-rule/index.js';
import { wrongFix as diskPressureWrongFix } from '../../faults/disk-pressure/index.js';
import { wrongFix as misroutedServiceWrongFix } from '../../faults/misrouted-service/index.js';
import type { FaultContext } from '../../src/core/fault.js';
import { resolveEnv } from '../../src/core/state-store.js';
import { envHandles } from '../../src/engine/env-context.js';
import { faultContext } from '../../src/engine/fault-runner.js';
import { loadConfig } from '../../src/engine/load-config.js';
import { faultForTarget } from '../../src/engine/plan-faults.js';

/** Per fault: a change that makes the symptom go away without fixing the root cause. */
const WRONG_FIXES: Readonly<Record<string, (ctx: FaultContext, params: never) => Promise<void>>> = {
  'misrouted-service': misroutedServiceWrongFix,
  'disk-pressure': diskPressureWrongFix,
  'bad-alert-rule': badAlertRuleWrongFix,
};

/**
 * Needs a live, freshly faulted environment: `FAULTLINE_IT_ENV=<name> npx
 * vitest run tests/faults/wrong-fix.test.ts`. Applies each fault's wrong fix
 * and proves `verify` still fails. The environment is left broken in a new
 * way (disk-pressure's wrong fix deletes the journal): `faultline reset` it.
 */
describe.skipIf(!process.env.FAULTLINE_IT_ENV)('masking the symptom does not pass the check', () => {
  it('verify fails after each fault\'s wrong fix', { timeout: 600_000 }, async () => {
    const state = await resolveEnv(process.env.FAULTLINE_IT_ENV ?? '');
    const handles = envHandles(state, await loadConfig());
    const tried: string[] = [];
    for (const [index, entry] of state.faults.entries()) {
      const wrongFix = WRONG_FIXES[entry.id];
      if (!wrongFix) continue;
      const fault = faultForTarget(entry.id, state.target);
      const ctx = faultContext(state, handles, entry, index);
      await wrongFix(ctx, entry.params as never);
      const result = await fault.verify(ctx, entry.params);
      const failing = result.criteria.filter((c) => !c.passed).map((c) => `${c.name}: ${c.evidence}`);
      expect(result.passed, `${entry.id} passed verify after its wrong fix`).toBe(false);
      expect(failing.length).toBeGreaterThan(0);
      tried.push(entry.id);
    }
    expect(tried.length, 'the environment has no host fault with a wrong fix').toBeGreaterThan(0);
  });
});
