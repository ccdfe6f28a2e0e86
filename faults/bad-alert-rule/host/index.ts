import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import type { PromAlert } from '../../../src/core/probe.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { renderAlertRulesYaml } from '../../../src/stack/render/alert-rules.js';
import { PATHS } from '../../../src/stack/topology.js';
import { checkRulesWithPromtool, hostHasPromtool, runPromtoolRuleTests } from '../../../src/stack/promtool.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { endOutage, instanceLabel, startOutage } from './outage.js';
import { badAlertRuleParams, resolveBadAlertRuleParams, type BadAlertRuleParams } from './params.js';
import { parsePromDuration, readReloadState, reloadPrometheusAndConfirm as reloadAndConfirm } from '../../shared/prometheus-state.js';
import { ALERT_NAME, breakRuleFile, readRuleShape, repairRuleFile } from './rule-file.js';
import { prepareRuleUnitTest, readShippedRuleTest, UNIT_TEST_RULES_FILE } from './rule-unit-test.js';

export type { BadAlertRuleParams } from './params.js';

/** Scratch directory on mon for the unit test run. */
const RULE_TEST_DIR = '/run/faultline-rule-test';
/** How long the instance must have been down before "nobody was paged" is a fact (the healthy `for:` is 20s). */
const DOWN_WINDOW = '40s';
/** Longest verify waits for a just-fixed alert to go from pending to Alertmanager. */
const MAX_FIRING_WAIT_MS = 120_000;

/**
 * A real outage (one orders instance down) pages nobody: the
 * OrdersInstanceDown rule uses a metric or label that matches nothing,
 * compares the wrong way, or waits days before firing.
 */
export const badAlertRuleHost: FaultImplementation<BadAlertRuleParams> = {
  params: badAlertRuleParams,
  resolveParams: resolveBadAlertRuleParams,

  async inject(ctx, params) {
    const text = await ctx.exec.readFile('mon', PATHS.prometheusRules);
    await ctx.exec.writeFile('mon', PATHS.prometheusRules, breakRuleFile(text, params), 0o644);
    await reloadAndConfirm(ctx);
    await startOutage(ctx, params);
    ctx.log(`bad-alert-rule: ${ALERT_NAME} broken (${params.variant}); ${instanceLabel(params)} down (${params.outage})`, { ...params });
  },

  async symptom(ctx, params) {
    const instance = instanceLabel(params);
    const selector = `up{job="orders",instance="${instance}"}`;
    const downFor = await ctx.waitFor(
      `${instance} down for ${DOWN_WINDOW}`,
      async () => (await ctx.probes.query(`max_over_time(${selector}[${DOWN_WINDOW}])`)).some((s) => s.value === 0),
      { timeoutMs: 60_000, intervalMs: 5_000 },
    );
    const alerts = await safeAlerts(ctx);
    const paging = alertsFor(alerts.prometheus, instance).filter((a) => a.state === 'firing');
    const notified = alertsFor(alerts.alertmanager, instance).filter((a) => a.state === 'firing');
    const states = await describeAlertStates(ctx, [ALERT_NAME, 'TargetDown']);
    return {
      observed: downFor === true && paging.length === 0 && notified.length === 0,
      evidence: [
        `max_over_time(${selector}[${DOWN_WINDOW}]) == 0: ${downFor === true ? 'yes, the instance has been down all along' : 'no (the instance is not down, or not for long enough)'}`,
        `${ALERT_NAME} for ${instance}: ${paging.length ? 'firing in Prometheus' : 'not firing in Prometheus'}, ${notified.length ? 'present' : 'absent'} in Alertmanager${alerts.error ? ` (${alerts.error})` : ''}`,
        states,
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const text = await ctx.exec.readFile('mon', PATHS.prometheusRules).catch(() => undefined);
    if (text === undefined) {
      return verifyResult([{ name: `${PATHS.prometheusRules} exists on mon`, passed: false, evidence: 'could not read it' }]);
    }
    const criteria: Criterion[] = [await checkRuleSyntax(ctx, text), await checkUnitTest(ctx, text), await checkLoaded(ctx)];
    // Waiting for the alert to fire only makes sense once the rule itself is right and loaded;
    // otherwise one look is enough, so `check` on an unfixed environment answers at once.
    const ruleFixed = criteria.every((c) => c.passed);
    criteria.push(await checkLiveAlert(ctx, params, text, ruleFixed));
    return verifyResult(criteria);
  },

  async solve(ctx) {
    const text = await ctx.exec.readFile('mon', PATHS.prometheusRules);
    await ctx.exec.writeFile('mon', PATHS.prometheusRules, repairRuleFile(text), 0o644);
    await reloadAndConfirm(ctx);
  },

  async revert(ctx, params) {
    await ctx.exec.writeFile('mon', PATHS.prometheusRules, renderAlertRulesYaml(), 0o644);
    await reloadAndConfirm(ctx);
    await endOutage(ctx, params);
    ctx.log('bad-alert-rule: reverted', { instance: instanceLabel(params) });
  },

  wrongFixes: [
    {
      id: 'bring-instance-back',
      description:
        'Bring the orders instance back (unmask/start, drop the REJECT) and leave the rule broken: nothing is down now, but the next outage pages nobody either.',
      apply: wrongFix,
    },
  ],
};

/** Masks the symptom without fixing the cause: bring the instance back, leave the rule broken. */
async function wrongFix(ctx: FaultContext, params: BadAlertRuleParams): Promise<void> {
  await endOutage(ctx, params);
}

// Judge with the host's promtool when it has one: the candidate (root on mon)
// can replace mon's promtool, and would see the shipped unit test while it sat
// on mon. Without a host promtool, mon's is used and the evidence says so.

async function checkRuleSyntax(ctx: FaultContext, candidateRules: string): Promise<Criterion> {
  const name = `${PATHS.prometheusRules} passes promtool check rules`;
  if (await hostHasPromtool()) {
    const result = await checkRulesWithPromtool(candidateRules);
    return { name, passed: result.passed, evidence: `promtool check rules on the host, on mon's file (exit ${result.exitCode}): ${tail(result.output)}` };
  }
  const result = await ctx.exec.exec('mon', ['promtool', 'check', 'rules', PATHS.prometheusRules]);
  return {
    name,
    passed: result.exitCode === 0,
    evidence: `promtool check rules on mon (exit ${result.exitCode}; no promtool on the host): ${tail(result.stdout + result.stderr)}`,
  };
}

async function checkUnitTest(ctx: FaultContext, candidateRules: string): Promise<Criterion> {
  const name = `the shipped unit test (faults/bad-alert-rule/host/rule.test.yml) passes against the rule file`;
  let files;
  try {
    files = prepareRuleUnitTest(candidateRules, await readShippedRuleTest());
  } catch (error) {
    return { name, passed: false, evidence: `could not prepare the test: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (await hostHasPromtool()) {
    const result = await runPromtoolRuleTests(files.rules, files.tests);
    return { name, passed: result.passed, evidence: `promtool test rules on the host (exit ${result.exitCode}): ${tail(result.output, 12)}` };
  }
  const dir = shellQuote(RULE_TEST_DIR);
  await ctx.exec.sh('mon', `rm -rf ${dir} && mkdir -p ${dir}`);
  await ctx.exec.writeFile('mon', `${RULE_TEST_DIR}/${UNIT_TEST_RULES_FILE}`, files.rules, 0o600);
  await ctx.exec.writeFile('mon', `${RULE_TEST_DIR}/tests.yml`, files.tests, 0o600);
  const result = await ctx.exec.sh('mon', `cd ${dir} && promtool test rules tests.yml; rc=$?; cd / && rm -rf ${dir}; exit $rc`);
  return {
    name,
    passed: result.exitCode === 0,
    evidence: `promtool test rules on mon (exit ${result.exitCode}): ${tail(result.stdout + result.stderr, 12)}`,
  };
}

async function checkLoaded(ctx: FaultContext): Promise<Criterion> {
  const name = 'Prometheus has loaded the rule file as it is on disk';
  const state = await readReloadState(ctx);
  const mtime = await ctx.exec.exec('mon', ['stat', '-c', '%Y', PATHS.prometheusRules]);
  const fileMs = Number(mtime.stdout.trim()) * 1000;
  if (state === undefined) return { name, passed: false, evidence: 'Prometheus on mon did not answer /api/v1/status/runtimeinfo' };
  const fresh = state.lastConfigMs >= fileMs;
  return {
    name,
    passed: state.success && fresh,
    evidence: `last reload ${state.success ? 'succeeded' : 'FAILED'} at ${new Date(state.lastConfigMs).toISOString()}; rule file modified at ${Number.isFinite(fileMs) ? new Date(fileMs).toISOString() : 'unknown'}${fresh ? '' : ' (after the last reload: reload Prometheus)'}`,
  };
}

async function checkLiveAlert(ctx: FaultContext, params: BadAlertRuleParams, rulesText: string, wait: boolean): Promise<Criterion> {
  const instance = instanceLabel(params);
  const name = `${ALERT_NAME} is firing for ${instance} and reached Alertmanager while ${instance} is down`;
  const up = await ctx.probes.query(`up{job="orders",instance="${instance}"}`).catch(() => []);
  if (up.length > 0 && up.every((s) => s.value === 1)) {
    return { name, passed: true, evidence: `${instance} is up again (up == 1), so there is nothing to page about; the rule itself is checked by the unit test` };
  }
  let forMs = 20_000;
  try {
    forMs = parsePromDuration(readRuleShape(rulesText)?.for) ?? 0;
  } catch {
    // Unparseable file: the unit-test criterion already reports it.
  }
  let last = { prometheus: [] as PromAlert[], alertmanager: [] as PromAlert[], error: undefined as string | undefined };
  await ctx.waitFor(
    `${ALERT_NAME} for ${instance} to reach Alertmanager`,
    async () => {
      last = await safeAlerts(ctx);
      const firing = alertsFor(last.prometheus, instance).some((a) => a.state === 'firing');
      return firing && alertsFor(last.alertmanager, instance).some((a) => a.state === 'firing');
    },
    { timeoutMs: wait ? Math.min(MAX_FIRING_WAIT_MS, forMs + 30_000) : 0, intervalMs: 5_000 },
  );
  const inPrometheus = alertsFor(last.prometheus, instance);
  const inAlertmanager = alertsFor(last.alertmanager, instance).filter((a) => a.state === 'firing');
  const firing = inPrometheus.some((a) => a.state === 'firing');
  return {
    name,
    passed: firing && inAlertmanager.length > 0,
    evidence: `up{instance="${instance}"} = ${up.map((s) => s.value).join(',') || 'no sample'}; Prometheus: ${inPrometheus.map((a) => a.state).join(', ') || 'no alert'}; Alertmanager: ${inAlertmanager.length ? 'present' : 'absent'}${last.error ? ` (${last.error})` : ''}`,
  };
}

async function safeAlerts(ctx: FaultContext): Promise<{ prometheus: PromAlert[]; alertmanager: PromAlert[]; error: string | undefined }> {
  try {
    const [prometheus, alertmanager] = await Promise.all([ctx.probes.alerts(), ctx.probes.alertmanagerAlerts()]);
    return { prometheus, alertmanager, error: undefined };
  } catch (error) {
    return { prometheus: [], alertmanager: [], error: `could not read alerts: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

function alertsFor(alerts: readonly PromAlert[], instance: string): PromAlert[] {
  return alerts.filter((a) => a.name === ALERT_NAME && a.labels.instance === instance);
}

function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
