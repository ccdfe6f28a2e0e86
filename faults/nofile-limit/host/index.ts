import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { ordersPort, ordersUnit, removeDropInAndRestart, restartAndWaitScript, showUnit, showValue, writeDropIn } from '../../shared/systemd-unit.js';
import { burstScript, MIN_NOFILE, parseBurst, parseNofile, renderLimitDropIn } from './limits.js';
import { nofileLimitParams, resolveNofileLimitParams, type NofileLimitParams } from './params.js';

export type { NofileLimitParams } from './params.js';

/** Concurrent requests the symptom and the check send straight to the instance. */
const SYMPTOM_BURST = 12;
const VERIFY_BURST = 30;
const ALERTS = ['OrdersHighErrorRate'] as const;

/**
 * A "hardening" drop-in sets LimitNOFILE= far below what one orders instance
 * needs: under the load generator's traffic most requests fail with EMFILE
 * ("too many open files").
 */
export const nofileLimitHost: FaultImplementation<NofileLimitParams> = {
  params: nofileLimitParams,
  resolveParams: resolveNofileLimitParams,

  async inject(ctx, params) {
    const unit = ordersUnit(params.instance);
    await writeDropIn(ctx, 'app', unit, params.dropIn, renderLimitDropIn(params));
    await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(params.instance)), `restart ${unit} with LimitNOFILE=${params.limit}`);
    ctx.log(`nofile-limit: LimitNOFILE=${params.limit} on ${unit}`, { ...params });
  },

  async symptom(ctx, params) {
    const port = ordersPort(params.instance);
    const burst = parseBurst((await ctx.exec.sh('mon', burstScript(`http://app:${port}/api/orders`, SYMPTOM_BURST), { timeoutMs: 20_000 })).stdout);
    const failed = SYMPTOM_BURST - (burst.get('201') ?? 0);
    const emfile = await ctx.exec.sh('app', `journalctl -u ${ordersUnit(params.instance)} --since -2min --no-pager -o cat | grep -c EMFILE || true`);
    return {
      observed: failed >= SYMPTOM_BURST / 2,
      evidence: [
        `${SYMPTOM_BURST} POSTs at once to app:${port} from mon: ${describeBurst(burst)}`,
        `journal of ${ordersUnit(params.instance)} (last 2 min): ${emfile.stdout.trim()} lines with EMFILE`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const unit = ordersUnit(params.instance);
    const port = ordersPort(params.instance);
    const show = await showUnit(ctx, 'app', unit, ['LimitNOFILE', 'MainPID']);
    const configured = Number(showValue(show, 'LimitNOFILE'));
    const pid = Number(showValue(show, 'MainPID'));
    const limits = pid > 0 ? parseNofile((await ctx.exec.exec('app', ['cat', `/proc/${pid}/limits`])).stdout) : undefined;
    const burst = parseBurst((await ctx.exec.sh('mon', burstScript(`http://app:${port}/api/orders`, VERIFY_BURST), { timeoutMs: 30_000 })).stdout);
    const criteria: Criterion[] = [
      {
        name: `the running ${unit} may open at least ${MIN_NOFILE} files`,
        passed: limits !== undefined && limits.soft >= MIN_NOFILE,
        evidence: limits ? `/proc/${pid}/limits: Max open files ${limits.soft} (soft) ${limits.hard} (hard)` : `${unit} has no running process`,
      },
      {
        name: `${unit}'s configuration keeps that limit across restarts (LimitNOFILE ≥ ${MIN_NOFILE})`,
        passed: configured >= MIN_NOFILE,
        evidence: `systemctl show -p LimitNOFILE ${unit}: ${showValue(show, 'LimitNOFILE') || '?'}`,
      },
      {
        name: `${VERIFY_BURST} POSTs at once to app:${port} all succeed`,
        passed: (burst.get('201') ?? 0) === VERIFY_BURST,
        evidence: describeBurst(burst),
      },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await removeDropInAndRestart(ctx, 'app', ordersUnit(params.instance), params.dropIn, ordersPort(params.instance));
  },

  async revert(ctx, params) {
    await ctx.exec.exec('app', ['rm', '-f', PAM_LIMITS]);
    await removeDropInAndRestart(ctx, 'app', ordersUnit(params.instance), params.dropIn, ordersPort(params.instance));
    ctx.log('nofile-limit: reverted', { unit: ordersUnit(params.instance) });
  },
  wrongFixes: [
    {
      id: 'raise-pam-limits',
      description: 'Raises nofile in /etc/security/limits.d and restarts the instance: PAM limits apply to login sessions, not to systemd services, so LimitNOFILE= still wins.',
      apply: raisePamLimits,
    },
    {
      id: 'stop-instance',
      description: 'Stops the failing instance so nginx sends everything to the healthy one: the error rate drops, capacity is halved and the limit is still there.',
      apply: async (ctx, params) => {
        await shChecked(ctx.exec, 'app', `systemctl stop ${ordersUnit(params.instance)}`, 'stop the instance');
      },
    },
  ],
};

/** Where the wrong fix raises the limit (PAM's limits, which systemd services never read). */
const PAM_LIMITS = '/etc/security/limits.d/90-nofile.conf';

/** The classic hurried fix: raise nofile in limits.conf and restart; the unit's LimitNOFILE= still wins. */
export async function raisePamLimits(ctx: FaultContext, params: NofileLimitParams): Promise<void> {
  const unit = ordersUnit(params.instance);
  await ctx.exec.writeFile('app', PAM_LIMITS, '# raised for orders (EMFILE)\n*    soft    nofile    65536\n*    hard    nofile    65536\n', 0o644);
  await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(params.instance)), `restart ${unit}`);
}

function describeBurst(burst: ReadonlyMap<string, number>): string {
  return [...burst].map(([code, n]) => `${code === '000' ? 'no answer' : code} ×${n}`).join(', ') || 'no results';
}
