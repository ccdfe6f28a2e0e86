import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { dropInPath, journalTail, ordersPort, ordersUnit, removeDropInAndRestart, restartAndWaitScript, showUnit, showValue, writeDropIn } from '../../shared/systemd-unit.js';
import { judgeOrdersProcess, readUnitProcess } from '../../shared/unit-process.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { startByHand } from '../../broken-drop-in/host/index.js';
import { CONFIG_DROP_IN, ENV_FILE, POLICY_DROP_IN, renderConfig, renderEnvFile, renderPolicy, repairEnvFile, TRACE_DIR } from './drop-ins.js';
import { resolveStartLimitParams, startLimitParams, type StartLimitParams } from './params.js';

export type { StartLimitParams } from './params.js';

/** The running process must have been up this long (a crashing one exits within a second). */
const STABLE_SECONDS = 5;
const ALERTS = ['OrdersInstanceDown'] as const;

/**
 * A config rollout gives one orders instance a bad setting; it exits at every
 * start, hits the ops restart policy's start limit and stays failed — even
 * after the setting is fixed, until `systemctl reset-failed`.
 */
export const startLimitHost: FaultImplementation<StartLimitParams> = {
  params: startLimitParams,
  resolveParams: resolveStartLimitParams,

  async inject(ctx, params) {
    const unit = ordersUnit(params.instance);
    if (params.variant === 'missing-trace-dir') await ctx.exec.exec('app', ['rm', '-rf', TRACE_DIR]);
    else await ctx.exec.writeFile('app', ENV_FILE, renderEnvFile(params), 0o644);
    await writeDropIn(ctx, 'app', unit, POLICY_DROP_IN, renderPolicy(params));
    await writeDropIn(ctx, 'app', unit, CONFIG_DROP_IN, renderConfig(params));
    // systemd 252 leaves Result=exit-code when auto-restart runs into the limit; the unit is failed after burst-1 restarts.
    await shChecked(
      ctx.exec,
      'app',
      `systemctl restart ${unit} || true
for i in $(seq 1 100); do
  [ "$(systemctl show -p ActiveState --value ${unit})" = failed ] && [ "$(systemctl show -p NRestarts --value ${unit})" -ge ${params.burst - 1} ] && exit 0
  sleep 0.2
done
echo "${unit} did not hit its start limit: $(systemctl show -p ActiveState -p Result -p NRestarts ${unit} | tr '\\n' ' ')" >&2; exit 1`,
      `crash ${unit} into its start limit`,
    );
    ctx.log(`start-limit: ${params.variant} on ${unit}`, { ...params });
  },

  async symptom(ctx, params) {
    const unit = ordersUnit(params.instance);
    const show = await showUnit(ctx, 'app', unit, ['ActiveState', 'Result', 'NRestarts']);
    const health = await ctx.probes.http('mon', `http://app:${ordersPort(params.instance)}/healthz`, { timeoutMs: 3000 });
    return {
      observed: showValue(show, 'ActiveState') === 'failed' && Number(showValue(show, 'NRestarts')) >= params.burst - 1 && health.status !== 200,
      evidence: [
        `${unit}: ActiveState=${showValue(show, 'ActiveState')} Result=${showValue(show, 'Result')} NRestarts=${showValue(show, 'NRestarts')}; journal: ${await journalTail(ctx, 'app', unit, 3)}`,
        `GET app:${ordersPort(params.instance)}/healthz from mon: ${health.status || 'no answer'}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const process = await readUnitProcess(ctx, 'app', unit, port);
    const env = process.mainPid > 0 ? (await ctx.exec.exec('app', ['cat', `/proc/${process.mainPid}/environ`])).stdout.split('\0') : [];
    const posts = await createOrders(ctx, ['cable ties', 'cable ties'], [`http://app:${port}/api/orders`]);
    const judged = judgeOrdersProcess(unit, process, port);
    const criteria: Criterion[] = [
      {
        name: `${unit} runs from its unit and has stayed up for ${STABLE_SECONDS} s (no longer crashing, no longer failed)`,
        passed: judged.passed && process.activeForSeconds >= STABLE_SECONDS,
        evidence: `${judged.evidence}; active for ${Math.max(0, process.activeForSeconds).toFixed(0)} s`,
      },
      {
        name: `the running process has the instance's port and a usable etcd URL`,
        passed: env.includes(`ORDERS_PORT=${port}`) && env.some((line) => /^ORDERS_ETCD_URL=https?:\/\//.test(line)),
        evidence: env.filter((line) => line.startsWith('ORDERS_')).join(' ') || 'no running process',
      },
      { name: `POST /api/orders on app:${port} succeeds (2 of 2)`, passed: posts.every((p) => p.status === 201), evidence: describePosts(posts) },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    const unit = ordersUnit(params.instance);
    if (params.variant === 'missing-trace-dir') {
      await shChecked(ctx.exec, 'app', `install -d -o orders -g orders -m 0750 ${TRACE_DIR}`, `create ${TRACE_DIR}`);
    } else {
      await ctx.exec.writeFile('app', ENV_FILE, repairEnvFile(await ctx.exec.readFile('app', ENV_FILE)), 0o644);
    }
    // No daemon-reload was needed, so the start limit still holds: reset-failed, then start (restartAndWaitScript does both).
    await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(params.instance)), `reset-failed and start ${unit}`);
  },

  async revert(ctx, params) {
    const unit = ordersUnit(params.instance);
    await ctx.exec.sh(
      'app',
      `systemctl stop orders-manual-${params.instance}.service 2>/dev/null; systemctl reset-failed orders-manual-${params.instance}.service 2>/dev/null
rm -f ${dropInPath(unit, CONFIG_DROP_IN)} ${ENV_FILE}; rmdir /etc/orders 2>/dev/null; rm -rf ${TRACE_DIR}; true`,
    );
    await removeDropInAndRestart(ctx, 'app', unit, POLICY_DROP_IN, ordersPort(params.instance));
    ctx.log('start-limit: reverted', { unit });
  },

  wrongFixes: [
    {
      id: 'reset-and-start',
      description: 'systemctl reset-failed and start without fixing the setting: the unit crashes straight back into its start limit.',
      apply: resetAndStart,
    },
    {
      id: 'run-by-hand',
      description: 'Starts the same program by hand in a transient unit on the instance port: it answers, orders@N stays failed.',
      apply: async (ctx, params) => startByHand(ctx, params.instance),
    },
  ],
};

/** The hurried move: clear the failed state and start again, cause untouched. */
export async function resetAndStart(ctx: FaultContext, params: StartLimitParams): Promise<void> {
  const unit = ordersUnit(params.instance);
  await ctx.exec.sh('app', `systemctl reset-failed ${unit}; systemctl start ${unit}; sleep 3; true`);
}
