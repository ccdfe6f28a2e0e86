import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { ETCD_DATA_DIR, ETCD_QUOTA_BACKEND_BYTES } from '../../../src/stack/render/etcd.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { ETCDCTL, etcdStateScript, parseEtcdState, reclaimScript, renderWriterScript, renderWriterUnit, writerScriptPath, type EtcdState } from './etcd-scripts.js';
import { nospaceParams, resolveNospaceParams, type NospaceParams } from './params.js';

export type { NospaceParams } from './params.js';

const ID = 'etcd-nospace';
/** Host-side record: how many orders etcd held when the fault was injected. */
const ORDERS_RECORD = 'orders-in-etcd';
/** After the fix the backend must be well below the quota: compacted and defragmented. */
const MAX_DB_FRACTION = 0.5;

const unitFile = (params: NospaceParams) => `/etc/systemd/system/${params.unit}.service`;

async function readState(ctx: FaultContext): Promise<EtcdState> {
  return parseEtcdState((await ctx.exec.sh('store', etcdStateScript())).stdout);
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1048576).toFixed(1)} MiB`);

/** A runaway writer on app fills etcd's backend quota: NOSPACE alarm, every order write fails. */
export const etcdNospaceHost: FaultImplementation<NospaceParams> = {
  params: nospaceParams,
  resolveParams: resolveNospaceParams,

  async inject(ctx, params) {
    // Orders in etcd before the fault (another fault of the scenario may already break writes: then count what is there).
    await createOrders(ctx, ['etcd canary', 'etcd canary']);
    const before = await readState(ctx);
    if (before.orders === undefined) throw new FaultlineError('FAULT_FAILED', `${ID}: could not count the orders in etcd on store.`);
    await ctx.records.write(ORDERS_RECORD, { orders: before.orders });
    await ctx.exec.writeFile('app', writerScriptPath(params), renderWriterScript(params, ctx.address('store')), 0o755);
    await ctx.exec.writeFile('app', unitFile(params), renderWriterUnit(params), 0o644);
    await shChecked(ctx.exec, 'app', `systemctl daemon-reload && systemctl enable --now ${params.unit}.service`, `start ${params.unit}`);
    const full = await ctx.waitFor('the NOSPACE alarm', async () => (await readState(ctx)).alarms.some((a) => a.includes('NOSPACE')), { timeoutMs: 120_000, intervalMs: 1000 });
    if (full !== true) throw new FaultlineError('FAULT_FAILED', `${ID}: etcd did not raise NOSPACE within 2 minutes.`);
    ctx.log(`${ID}: ${params.unit} filled etcd's backend (${params.variant})`, { ...params, ordersInEtcd: before.orders });
  },

  async symptom(ctx) {
    const posts = await createOrders(ctx, ['etcd probe', 'etcd probe']);
    const state = await readState(ctx);
    const failed = posts.filter((p) => p.status >= 500 || p.status === 0).length;
    return {
      observed: failed > 0 && state.alarms.some((a) => a.includes('NOSPACE')),
      evidence: [`POST /api/orders: ${describePosts(posts)}`, `etcd alarms: ${state.alarms.join('; ') || 'none'}; backend ${mib(state.dbSize)} of ${mib(ETCD_QUOTA_BACKEND_BYTES)}`, await describeAlertStates(ctx, ['OrdersHighErrorRate'])].join('\n'),
    };
  },

  async verify(ctx, params) {
    const state = await readState(ctx);
    const recorded = (await ctx.records.read(ORDERS_RECORD)) as { orders?: number } | undefined;
    const writer = await ctx.exec.sh('app', `echo "active=$(systemctl is-active ${params.unit}.service) enabled=$(systemctl is-enabled ${params.unit}.service 2>/dev/null || true)"; pgrep -af ${writerScriptPath(params)} | grep -v pgrep || true`);
    const active = /active=active\b/.test(writer.stdout) || /activating/.test(writer.stdout);
    const enabled = /enabled=enabled\b/.test(writer.stdout);
    const running = writer.stdout.split('\n').some((line) => line.includes(writerScriptPath(params)) && /^\d+ /.test(line));
    const posts = await createOrders(ctx, ['after the fix', 'after the fix', 'after the fix', 'after the fix']);
    const criteria: Criterion[] = [
      { name: 'etcd has no active alarm', passed: state.alarms.length === 0, evidence: `etcdctl alarm list on store: ${state.alarms.join('; ') || 'empty'}` },
      {
        name: `the runaway writer ${params.unit} is stopped and will not start again`,
        passed: !active && !enabled && !running,
        evidence: `on app: ${writer.stdout.trim().replace(/\n/g, '; ') || 'no output'}`,
      },
      {
        name: `etcd's backend is compacted and defragmented (below ${MAX_DB_FRACTION * 100}% of the ${mib(ETCD_QUOTA_BACKEND_BYTES)} quota)`,
        passed: state.dbSize !== undefined && state.dbSize < ETCD_QUOTA_BACKEND_BYTES * MAX_DB_FRACTION,
        evidence: `etcdctl endpoint status on store: db ${mib(state.dbSize)}, in use ${mib(state.dbInUse)}`,
      },
      { name: 'POST /api/orders succeeds on both orders instances (2 of 2 each)', passed: posts.every((p) => p.status === 201), evidence: describePosts(posts) },
      {
        name: 'the orders etcd held before the incident are still there',
        passed: recorded?.orders !== undefined && state.orders !== undefined && state.orders >= recorded.orders,
        evidence: `keys under orders/: ${state.orders ?? '?'} now, ${recorded?.orders ?? 'nothing recorded'} at inject time`,
      },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await shChecked(ctx.exec, 'app', `systemctl disable --now ${params.unit}.service`, `stop ${params.unit}`);
    await shChecked(ctx.exec, 'store', reclaimScript(params), 'compact, defragment and disarm etcd');
  },

  async revert(ctx, params) {
    await shChecked(
      ctx.exec,
      'app',
      `systemctl disable --now ${params.unit}.service 2>/dev/null || true\nrm -f ${unitFile(params)} ${writerScriptPath(params)}\nsystemctl daemon-reload\nsystemctl reset-failed ${params.unit}.service 2>/dev/null || true`,
      `remove ${params.unit}`,
    );
    await shChecked(ctx.exec, 'store', `${ETCDCTL} del --prefix ${params.prefix} >/dev/null || true\n${reclaimScript({ ...params, variant: 'key-leak' })}`, 'reclaim etcd');
    await ctx.records.remove(ORDERS_RECORD);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'disarm-only',
      description: 'Disarm the NOSPACE alarm and walk away: the writer is still running and the backend still at its quota, so the alarm comes straight back.',
      async apply(ctx) {
        await shChecked(ctx.exec, 'store', `${ETCDCTL} alarm disarm`, 'disarm the alarm');
      },
    },
    {
      id: 'wipe-etcd',
      description: "Stop etcd, delete its data directory and start it again: writes work for a while, every order in etcd is gone and the writer refills it.",
      async apply(ctx) {
        await shChecked(ctx.exec, 'store', `systemctl stop etcd && rm -rf ${ETCD_DATA_DIR} && systemctl start etcd`, 'wipe etcd');
      },
    },
  ],
};
