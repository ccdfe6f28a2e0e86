import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { dropInPath, journalTail, ordersPort, ordersUnit, removeDropInAndRestart, restartAndWaitScript, writeDropIn } from '../../shared/systemd-unit.js';
import { judgeOrdersProcess, readUnitProcess } from '../../shared/unit-process.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { renderBrokenDropIn } from './drop-in.js';
import { brokenDropInParams, resolveBrokenDropInParams, type BrokenDropInParams } from './params.js';
import { describeUnitConfig, unitConfigProblems, unitConfigScript } from './unit-config.js';

export type { BrokenDropInParams } from './params.js';

const ALERTS = ['OrdersInstanceDown', 'TargetDown'] as const;
/** The transient unit `runByHand` starts. */
const MANUAL_UNIT = (instance: 1 | 2): string => `orders-manual-${instance}.service`;

/**
 * A config rollout adds a drop-in to one orders instance and restarts it; the
 * drop-in has a one-line mistake (a second ExecStart= without the empty reset
 * line, an EnvironmentFile= that does not exist, a User= that does not
 * exist), so the instance does not come back.
 */
export const brokenDropInHost: FaultImplementation<BrokenDropInParams> = {
  params: brokenDropInParams,
  resolveParams: resolveBrokenDropInParams,

  async inject(ctx, params) {
    const unit = ordersUnit(params.instance);
    await writeDropIn(ctx, 'app', unit, params.dropIn, renderBrokenDropIn(params));
    // The rollout's restart: stop, then a start that fails.
    await shChecked(ctx.exec, 'app', `systemctl stop ${unit}; systemctl start ${unit} || true`, `restart ${unit} with the rollout drop-in`);
    ctx.log(`broken-drop-in: ${params.variant} on ${unit}`, { dropIn: dropInPath(unit, params.dropIn) });
  },

  async symptom(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const process = await readUnitProcess(ctx, 'app', unit, port);
    const health = await instanceHealth(ctx, port);
    return {
      observed: process.subState !== 'running' && health.status !== 200,
      evidence: [
        `${unit} on app: ${process.activeState}/${process.subState}; journal: ${await journalTail(ctx, 'app', unit)}`,
        `GET http://app:${port}/healthz from mon: ${health.summary}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const config = await ctx.exec.sh('app', unitConfigScript(unit));
    const problems = unitConfigProblems(config.stdout, 'orders');
    const restart = await ctx.exec.sh('app', restartAndWaitScript(unit, 10, port), { timeoutMs: 30_000 });
    const process = await readUnitProcess(ctx, 'app', unit, port);
    const posts = await createOrders(ctx, ['label printer', 'label printer'], [`http://app:${port}/api/orders`]);
    const criteria: Criterion[] = [
      {
        name: `the loaded configuration of ${unit} can start it (one ExecStart=, an existing User= that owns the data, every EnvironmentFile= present)`,
        passed: problems.length === 0,
        evidence: `systemctl show ${unit}: ${describeUnitConfig(config.stdout)}${problems.length ? ` — ${problems.join('; ')}` : ''}`,
      },
      {
        name: `${unit} comes back after \`systemctl restart\``,
        passed: restart.exitCode === 0,
        evidence: restart.exitCode === 0 ? `restarted by the check: running` : `${restart.stderr.trim()}; journal: ${await journalTail(ctx, 'app', unit)}`,
      },
      judgeOrdersProcess(unit, process, port),
      {
        name: `POST /api/orders on app:${port} succeeds (2 of 2)`,
        passed: posts.every((post) => post.status === 201),
        evidence: describePosts(posts),
      },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await removeDropInAndRestart(ctx, 'app', ordersUnit(params.instance), params.dropIn, ordersPort(params.instance));
  },

  async revert(ctx, params) {
    await ctx.exec.sh('app', `systemctl stop ${MANUAL_UNIT(params.instance)} 2>/dev/null; systemctl reset-failed ${MANUAL_UNIT(params.instance)} 2>/dev/null; true`);
    await removeDropInAndRestart(ctx, 'app', ordersUnit(params.instance), params.dropIn, ordersPort(params.instance));
    ctx.log('broken-drop-in: reverted', { unit: ordersUnit(params.instance) });
  },
  wrongFixes: [
    { id: 'run-by-hand', description: 'Starts the same program by hand in a transient unit (systemd-run) on the instance\'s port: the instance answers again while orders@N stays failed and would not survive a restart.', apply: runByHand },
  ],
};

/**
 * Masks the outage without touching the unit: start the same program by hand
 * in a transient unit on the instance's port. The instance answers again;
 * orders@N stays failed and would not survive the next restart.
 */
export async function runByHand(ctx: FaultContext, params: BrokenDropInParams): Promise<void> {
  await startByHand(ctx, params.instance);
}

/** `systemd-run` the orders bundle with the unit's environment, as orders, on the instance's port. */
export async function startByHand(ctx: FaultContext, instance: 1 | 2): Promise<void> {
  const port = ordersPort(instance);
  await shChecked(
    ctx.exec,
    'app',
    `systemd-run --unit=${MANUAL_UNIT(instance)} --uid=orders --gid=orders \\
  -E ORDERS_PORT=${port} -E ORDERS_INSTANCE=app-${instance} -E ORDERS_DATA_DIR=/var/lib/orders -E ORDERS_ETCD_URL=http://store:2379 \\
  /usr/bin/node /opt/faultline/orders.js
for i in $(seq 1 50); do ss -ltnH "sport = :${port}" | grep -q . && exit 0; sleep 0.2; done
echo "nothing listens on ${port}" >&2; exit 1`,
    `start orders by hand on ${port}`,
  );
}

/** GET /healthz of one instance, from mon; never throws. */
export async function instanceHealth(ctx: FaultContext, port: number): Promise<{ status: number; summary: string }> {
  const response = await ctx.probes.http('mon', `http://app:${port}/healthz`, { timeoutMs: 3000 });
  const text = response.body.replace(/\s+/g, ' ').trim().slice(0, 100);
  return { status: response.status, summary: response.status === 0 ? `no answer (${text})` : `${response.status} ${text}` };
}
