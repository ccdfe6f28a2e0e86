import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { journalTail, ordersPort, ordersUnit, parseSystemctlShow, removeDropInAndRestart, restartAndWaitScript, showValue, writeDropIn } from '../../shared/systemd-unit.js';
import { judgeOrdersProcess, readUnitProcess } from '../../shared/unit-process.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { hardeningStateScript, renderAllowance, renderHardeningDropIn } from './drop-in.js';
import { hardeningDropInParams, resolveHardeningDropInParams, type HardeningDropInParams } from './params.js';

export type { HardeningDropInParams } from './params.js';

/** Where the reference fix puts the allowance (sorted after every seeded drop-in name). */
const ALLOWANCE_DROP_IN = 'zz-orders-allow.conf';
/** The running process must have survived at least one Prometheus scrape (5 s), which fsyncs a probe file. */
const STABLE_SECONDS = 8;
const ALERTS = ['OrdersInstanceDown', 'OrdersHighErrorRate'] as const;

/**
 * The security team's hardening drop-in denies what orders needs:
 * ProtectSystem=strict without ReadWritePaths= (writes fail with EROFS), or a
 * SystemCallFilter= deny list with @sync (the process is killed with SIGSYS
 * the first time it fsyncs: every order, every health check, every scrape).
 */
export const hardeningDropInHost: FaultImplementation<HardeningDropInParams> = {
  params: hardeningDropInParams,
  resolveParams: resolveHardeningDropInParams,

  async inject(ctx, params) {
    const unit = ordersUnit(params.instance);
    await writeDropIn(ctx, 'app', unit, params.dropIn, renderHardeningDropIn(params));
    await shChecked(ctx.exec, 'app', `systemctl restart ${unit} || true`, `restart ${unit} with the hardening`);
    ctx.log(`hardening-drop-in: ${params.variant} on ${unit}`, { ...params });
  },

  async symptom(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const posts = await createOrders(ctx, ['privacy screen'], [`http://app:${port}/api/orders`]);
    const show = parseSystemctlShow((await ctx.exec.exec('app', ['systemctl', 'show', unit, '-p', 'NRestarts', '-p', 'ExecMainStatus', '-p', 'Result'])).stdout);
    const killed = showValue(show, 'ExecMainStatus') === '31' || Number(showValue(show, 'NRestarts')) > 0;
    const failed = posts.every((post) => post.status !== 201);
    return {
      observed: params.variant === 'protect-system' ? failed && posts.some((p) => /EROFS/.test(p.detail)) : failed && killed,
      evidence: [
        `POST app:${port}/api/orders from mon: ${describePosts(posts)}`,
        `${unit}: NRestarts=${showValue(show, 'NRestarts')} ExecMainStatus=${showValue(show, 'ExecMainStatus')} Result=${showValue(show, 'Result')}; journal: ${await journalTail(ctx, 'app', unit, 2)}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const posts = await createOrders(ctx, ['webcam cover', 'webcam cover'], [`http://app:${port}/api/orders`]);
    const health = await ctx.probes.http('mon', `http://app:${port}/healthz`, { timeoutMs: 3000 });
    const process = await readUnitProcess(ctx, 'app', unit, port);
    const state = parseSystemctlShow((await ctx.exec.sh('app', hardeningStateScript(unit))).stdout);
    const criteria: Criterion[] = [
      {
        name: `orders@${params.instance} takes orders and reports healthy (2 POSTs 201, /healthz 200)`,
        passed: posts.every((p) => p.status === 201) && health.status === 200,
        evidence: `${describePosts(posts)}; GET /healthz ${health.status || 'no answer'}`,
      },
      {
        ...judgeOrdersProcess(unit, process, port),
        name: `${unit}'s own process serves ${port} and has stayed up for ${STABLE_SECONDS} s (no crash loop)`,
        passed: judgeOrdersProcess(unit, process, port).passed && process.activeForSeconds >= STABLE_SECONDS,
        evidence: `${judgeOrdersProcess(unit, process, port).evidence}; active for ${process.activeForSeconds.toFixed(0)} s`,
      },
      hardeningKept(params, state),
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    const unit = ordersUnit(params.instance);
    await writeDropIn(ctx, 'app', unit, ALLOWANCE_DROP_IN, renderAllowance(params));
    await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(params.instance)), `restart ${unit}`);
  },

  async revert(ctx, params) {
    const unit = ordersUnit(params.instance);
    await ctx.exec.exec('app', ['rm', '-f', `/etc/systemd/system/${unit}.d/${ALLOWANCE_DROP_IN}`]);
    await removeDropInAndRestart(ctx, 'app', unit, params.dropIn, ordersPort(params.instance));
    ctx.log('hardening-drop-in: reverted', { unit });
  },

  wrongFixes: [
    {
      id: 'remove-hardening',
      description: 'Deletes the whole hardening drop-in and restarts: orders works again, and the service runs without the protection the security team rolled out.',
      apply: removeHardening,
    },
  ],
};

/** The hurried fix: throw the hardening away. */
export async function removeHardening(ctx: FaultContext, params: HardeningDropInParams): Promise<void> {
  await removeDropInAndRestart(ctx, 'app', ordersUnit(params.instance), params.dropIn, ordersPort(params.instance));
}

/** The hardening is still in force for the running process: / read-only in its mount namespace, or a seccomp filter of its own. */
function hardeningKept(params: HardeningDropInParams, state: ReadonlyMap<string, readonly string[]>): Criterion {
  if (params.variant === 'protect-system') {
    const root = showValue(state, 'RootOptions');
    const data = showValue(state, 'DataOptions');
    return {
      name: 'ProtectSystem=strict still applies: / is read-only for the running process, the data volume writable',
      passed: showValue(state, 'ProtectSystem') === 'strict' && root === 'ro' && data === 'rw',
      evidence: `systemctl show: ProtectSystem=${showValue(state, 'ProtectSystem') || '?'}; findmnt -N <pid>: / ${root || '?'}, data volume ${data || '?'}`,
    };
  }
  const own = Number(showValue(state, 'ProcessFilters') || 0);
  const base = Number(showValue(state, 'Pid1Filters') || 0);
  return {
    name: 'a SystemCallFilter= still applies to the running process (its own seccomp filters beyond the machine’s)',
    passed: showValue(state, 'SystemCallFilterSet') === 'yes' && own > base,
    evidence: `systemctl show: SystemCallFilter ${showValue(state, 'SystemCallFilterSet') === 'yes' ? 'set' : 'empty'}; /proc/<pid>/status Seccomp_filters ${own} (PID 1: ${base})`,
  };
}
