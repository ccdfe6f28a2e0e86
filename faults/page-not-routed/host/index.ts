import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { RECORDER_RECEIVER } from '../../../src/stack/render/alertmanager.js';
import { PATHS, PORTS } from '../../../src/stack/topology.js';
import { endOutage, instanceLabel, startOutage } from '../../bad-alert-rule/host/outage.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { pageNotRoutedParams, resolvePageNotRoutedParams, type PageNotRoutedParams } from './params.js';
import { breakRouting, NULL_RECEIVER, routeReceivers } from './routing.js';

export type { PageNotRoutedParams } from './params.js';

const ID = 'page-not-routed';
const ALERT = 'OrdersInstanceDown';
/** Host-side copy of alertmanager.yml from before inject. */
const CONFIG_RECORD = 'alertmanager-config';
const AM = `http://localhost:${PORTS.alertmanager}`;

interface AmAlert {
  readonly labels: Record<string, string>;
  readonly status: { state: string; inhibitedBy?: string[]; silencedBy?: string[] };
  readonly receivers: { name: string }[];
}

/** The configuration Alertmanager is running (not the file): /api/v2/status config.original. */
async function runningConfig(ctx: FaultContext): Promise<string | undefined> {
  const response = await ctx.probes.http('mon', `${AM}/api/v2/status`, { timeoutMs: 5000 });
  try {
    return (JSON.parse(response.body) as { config: { original: string } }).config.original;
  } catch {
    return undefined;
  }
}

async function amAlerts(ctx: FaultContext): Promise<AmAlert[]> {
  const response = await ctx.probes.http('mon', `${AM}/api/v2/alerts`, { timeoutMs: 5000 });
  try {
    return JSON.parse(response.body) as AmAlert[];
  } catch {
    return [];
  }
}

async function reloadAlertmanager(ctx: FaultContext, expectNull: boolean): Promise<void> {
  await shChecked(ctx.exec, 'mon', `curl -sS -m 10 -X POST ${AM}/-/reload`, 'reload Alertmanager');
  const loaded = await ctx.waitFor('Alertmanager to load its configuration', async () => {
    const config = await runningConfig(ctx);
    return config !== undefined && config.includes(NULL_RECEIVER) === expectNull;
  }, { timeoutMs: 15_000, intervalMs: 500 });
  if (loaded !== true) throw new FaultlineError('FAULT_FAILED', `${ID}: Alertmanager did not load ${PATHS.alertmanagerConfig}.`, { hint: 'Run amtool check-config on mon.' });
}

const pageLabels = (params: PageNotRoutedParams) => ({ alertname: ALERT, severity: 'page', job: 'orders', instance: instanceLabel(params) });

/** A real outage pages nobody: Alertmanager routes `severity: page` to a receiver that delivers nothing. */
export const pageNotRoutedHost: FaultImplementation<PageNotRoutedParams> = {
  params: pageNotRoutedParams,
  resolveParams: resolvePageNotRoutedParams,

  async inject(ctx, params) {
    const text = await ctx.exec.readFile('mon', PATHS.alertmanagerConfig);
    if ((await ctx.records.read(CONFIG_RECORD)) === undefined) await ctx.records.write(CONFIG_RECORD, { text });
    await ctx.exec.writeFile('mon', PATHS.alertmanagerConfig, breakRouting(text, params), 0o644);
    await reloadAlertmanager(ctx, true);
    await startOutage(ctx, params);
    ctx.log(`${ID}: ${params.variant}; ${instanceLabel(params)} down (${params.outage})`, { ...params });
  },

  async symptom(ctx, params) {
    const instance = instanceLabel(params);
    const firing = (await ctx.probes.alerts()).some((a) => a.name === ALERT && a.labels.instance === instance && a.state === 'firing');
    const inAm = (await amAlerts(ctx)).filter((a) => a.labels.alertname === ALERT && a.labels.instance === instance);
    const unrouted = inAm.length > 0 && inAm.every((a) => !a.receivers.some((r) => r.name === RECORDER_RECEIVER));
    return {
      observed: firing && unrouted,
      evidence: [
        `${ALERT} for ${instance} in Prometheus: ${firing ? 'firing' : 'not firing (yet)'}`,
        `in Alertmanager: ${inAm.length ? inAm.map((a) => `${a.status.state}, receivers ${a.receivers.map((r) => r.name).join(',') || 'none'}`).join('; ') : 'absent'} — the pager (${RECORDER_RECEIVER}) is not among them`,
        await describeAlertStates(ctx, [ALERT, 'TargetDown']),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const config = await runningConfig(ctx);
    if (config === undefined) return verifyResult([{ name: 'Alertmanager answers /api/v2/status on mon', passed: false, evidence: 'no answer' }]);
    const criteria: Criterion[] = [];
    for (const labels of [pageLabels(params), { alertname: 'OrdersHighErrorRate', severity: 'page', job: 'orders' }]) {
      const receivers = routeReceivers(config, labels);
      criteria.push({
        name: `the running Alertmanager routes ${labels.alertname} (severity page) to the pager (${RECORDER_RECEIVER})`,
        passed: receivers.includes(RECORDER_RECEIVER),
        evidence: `routing tree of the loaded configuration (/api/v2/status): ${JSON.stringify(labels)} → ${receivers.join(', ') || 'no receiver'}`,
      });
    }
    criteria.push(await checkLiveAlert(ctx, params, criteria.every((c) => c.passed)));
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    // Pager first (the briefing's order), then the instance.
    await writeRecordedConfig(ctx);
    await reloadAlertmanager(ctx, false);
    await endOutage(ctx, params);
  },

  async revert(ctx, params) {
    if (await writeRecordedConfig(ctx)) await reloadAlertmanager(ctx, false);
    await endOutage(ctx, params);
    await ctx.records.remove(CONFIG_RECORD);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'bring-instance-back',
      description: 'Bring the orders instance back and leave the routing as it is: nothing is down now, and the next page goes nowhere too.',
      async apply(ctx, params) {
        await endOutage(ctx, params);
      },
    },
    {
      id: 'edit-without-reload',
      description: 'Fix alertmanager.yml on disk and forget to reload: the running Alertmanager still routes pages nowhere.',
      async apply(ctx) {
        await writeRecordedConfig(ctx);
      },
    },
  ],
};

/** While the instance is down, its alert reaches the pager in Alertmanager (waits up to 30 s once routing is right). */
async function checkLiveAlert(ctx: FaultContext, params: PageNotRoutedParams, wait: boolean): Promise<Criterion> {
  const instance = instanceLabel(params);
  const name = `${ALERT} for ${instance} is active in Alertmanager and routed to the pager while ${instance} is down`;
  const up = await ctx.probes.query(`up{job="orders",instance="${instance}"}`).catch(() => []);
  if (up.length > 0 && up.every((s) => s.value === 1)) {
    return { name, passed: true, evidence: `${instance} is up again, so nothing needs to page now; the routing is checked above` };
  }
  let seen: AmAlert[] = [];
  const ok = await ctx.waitFor(`${ALERT} routed to ${RECORDER_RECEIVER}`, async () => {
    seen = (await amAlerts(ctx)).filter((a) => a.labels.alertname === ALERT && a.labels.instance === instance);
    return seen.some((a) => a.status.state === 'active' && a.receivers.some((r) => r.name === RECORDER_RECEIVER));
  }, { timeoutMs: wait ? 30_000 : 0, intervalMs: 3000 });
  return {
    name,
    passed: ok === true,
    evidence: `Alertmanager: ${seen.length ? seen.map((a) => `${a.status.state}, receivers ${a.receivers.map((r) => r.name).join(',') || 'none'}`).join('; ') : `no ${ALERT} for ${instance}`}`,
  };
}

/** Write back alertmanager.yml as recorded before inject; false when there is no record. */
async function writeRecordedConfig(ctx: FaultContext): Promise<boolean> {
  const record = (await ctx.records.read(CONFIG_RECORD)) as { text?: unknown } | undefined;
  if (record === undefined) return false;
  if (typeof record.text !== 'string') throw new FaultlineError('FAULT_FAILED', `${ID}: the recorded alertmanager.yml is unreadable.`);
  await ctx.exec.writeFile('mon', PATHS.alertmanagerConfig, record.text, 0o644);
  return true;
}
