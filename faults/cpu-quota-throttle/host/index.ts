import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { cgroupChainScript, parseCgroupChain, type CgroupLevel } from '../../shared/cgroup-v1.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { describeSetting, parsePersistentSetting, settingLinesScript } from '../../shared/persistent-setting.js';
import { dropInPath, ORDERS_SLICE, ordersPort, ordersUnit, restartAndWaitScript, writeDropIn } from '../../shared/systemd-unit.js';
import { countSlow, describeTimedRequests, parseTimedRequests, timedGetsScript } from './latency.js';
import { cpuQuotaThrottleParams, resolveCpuQuotaThrottleParams, type CpuQuotaThrottleParams } from './params.js';
import {
  describeCpuChain,
  FIX_DROP_IN,
  MIN_CPU_CORES,
  parseCpuQuota,
  quotaTarget,
  renderFixDropIn,
  renderQuotaDropIn,
  throttledInstances,
  tightestCap,
} from './quota.js';

export type { CpuQuotaThrottleParams } from './params.js';

const CPU_FILES = ['cpu.cfs_quota_us', 'cpu.cfs_period_us', 'cpu.stat'] as const;
const SYMPTOM_GETS = 6;
/** A healthy instance answers a GET in 2–15 ms; throttled ones take 80–200 ms or do not answer yet. */
const SYMPTOM_SLOW_SECONDS = 0.05;
const VERIFY_GETS = 10;
const VERIFY_SLOW_SECONDS = 0.25;
const ALERTS = ['OrdersHighLatency', 'EdgeProbeFailing', 'OrdersInstanceDown'] as const;

/**
 * A capacity drop-in sets CPUQuota= of 2–3 % on one orders instance or on
 * the slice both share: the kernel's CFS bandwidth control throttles it every
 * 100 ms period while the host sits idle, and requests take 10–50× longer.
 */
export const cpuQuotaThrottleHost: FaultImplementation<CpuQuotaThrottleParams> = {
  params: cpuQuotaThrottleParams,
  resolveParams: resolveCpuQuotaThrottleParams,

  async inject(ctx, params) {
    await writeDropIn(ctx, 'app', quotaTarget(params), params.dropIn, renderQuotaDropIn(params));
    // v1 cgroups: systemd cannot move a running service's processes (they run as orders) into a new cpu cgroup; a restart places them.
    const units = throttledInstances(params).map(ordersUnit).join(' ');
    await shChecked(ctx.exec, 'app', `systemctl restart ${units} || true`, `restart ${units} under the quota`);
    ctx.log(`cpu-quota-throttle: CPUQuota=${params.quotaPercent}% on ${quotaTarget(params)}`, { ...params });
  },

  async symptom(ctx, params) {
    const instance = throttledInstances(params)[0] ?? params.instance;
    const port = ordersPort(instance);
    const gets = parseTimedRequests((await ctx.exec.sh('mon', timedGetsScript(`http://app:${port}/api/orders`, SYMPTOM_GETS), { timeoutMs: 30_000 })).stdout);
    const chain = await readCpuChain(ctx, ordersUnit(instance));
    const throttled = chain.some((level) => /nr_throttled [1-9]/.test(level.files['cpu.stat'] ?? ''));
    return {
      observed: countSlow(gets, SYMPTOM_SLOW_SECONDS) >= 2 && throttled,
      evidence: [
        `${SYMPTOM_GETS} GETs app:${port}/api/orders from mon: ${describeTimedRequests(gets)}`,
        `cpu cgroups of ${ordersUnit(instance)}: ${describeCpuChain(chain)}`,
        `host load: ${(await ctx.exec.exec('app', ['cat', '/proc/loadavg'])).stdout.trim()}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const criteria: Criterion[] = [];
    for (const instance of throttledInstances(params)) {
      const unit = ordersUnit(instance);
      const port = ordersPort(instance);
      const chain = await readCpuChain(ctx, unit);
      const cap = tightestCap(chain);
      const gets = parseTimedRequests((await ctx.exec.sh('mon', timedGetsScript(`http://app:${port}/api/orders`, VERIFY_GETS), { timeoutMs: 45_000 })).stdout);
      criteria.push(
        {
          name: `the kernel lets ${unit} use at least ${MIN_CPU_CORES} CPU at every level of its cpu cgroup path`,
          passed: chain.length > 0 && cap.cores >= MIN_CPU_CORES,
          evidence: `${describeCpuChain(chain)}${Number.isFinite(cap.cores) ? ` → tightest ${cap.cores.toFixed(2)} CPU at ${cap.at}` : ' → no cap'}`,
        },
        {
          name: `${VERIFY_GETS} GETs straight to app:${port} answer 200, at most one slower than ${VERIFY_SLOW_SECONDS * 1000} ms`,
          passed: gets.length === VERIFY_GETS && gets.every((g) => g.status === '200') && countSlow(gets, VERIFY_SLOW_SECONDS) <= 1,
          evidence: describeTimedRequests(gets),
        },
      );
    }
    const target = quotaTarget(params);
    const setting = parsePersistentSetting((await ctx.exec.sh('app', settingLinesScript(target, 'CPUQuota'))).stdout);
    const cores = parseCpuQuota(setting.value);
    criteria.push({
      name: `${target}'s configuration keeps it after a reboot: no CPUQuota= below ${MIN_CPU_CORES * 100}% outside /run`,
      passed: cores !== undefined && cores >= MIN_CPU_CORES,
      evidence: `${describeSetting('CPUQuota', setting)}${setting.runtime.length > 0 ? ' (lines under /run are lost at reboot)' : ''}`,
    });
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await writeDropIn(ctx, 'app', quotaTarget(params), FIX_DROP_IN, renderFixDropIn(params));
    for (const instance of throttledInstances(params)) {
      await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 20, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
    }
  },

  async revert(ctx, params) {
    const target = quotaTarget(params);
    await shChecked(
      ctx.exec,
      'app',
      `rm -f ${shellQuote(dropInPath(target, params.dropIn))} ${shellQuote(dropInPath(target, FIX_DROP_IN))}
rmdir ${shellQuote(`/etc/systemd/system/${target}.d`)} 2>/dev/null || true
rm -rf ${shellQuote(`/run/systemd/system.control/${target}.d`)}
systemctl daemon-reload
${resetStaleQuotasScript()}`,
      `remove the CPUQuota= drop-ins of ${target}`,
    );
    for (const instance of throttledInstances(params)) {
      await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 20, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
    }
    ctx.log('cpu-quota-throttle: reverted', { target });
  },

  wrongFixes: [
    {
      id: 'restart-orders',
      description: 'Restarts the slow instance(s): the unit comes back under the same CPUQuota= and is throttled again.',
      apply: async (ctx, params) => {
        const units = throttledInstances(params).map(ordersUnit).join(' ');
        await shChecked(ctx.exec, 'app', `systemctl restart ${units} || true`, `restart ${units}`);
      },
    },
    {
      id: 'runtime-set-property',
      description: '`systemctl set-property --runtime … CPUQuota=200%`: the override lives in /run and is gone at the next reboot (and loses to a drop-in that sorts after 50-CPUQuota.conf).',
      apply: setRuntimeQuota,
    },
  ],
};

/** The wrong fix: a runtime-only override of the quota, then restart the instances. */
async function setRuntimeQuota(ctx: FaultContext, params: CpuQuotaThrottleParams): Promise<void> {
  await shChecked(ctx.exec, 'app', `systemctl set-property --runtime ${quotaTarget(params)} CPUQuota=200%`, 'set a runtime CPUQuota=');
  const units = throttledInstances(params).map(ordersUnit).join(' ');
  await shChecked(ctx.exec, 'app', `systemctl restart ${units} || true`, `restart ${units}`);
}

async function readCpuChain(ctx: FaultContext, unit: string): Promise<CgroupLevel[]> {
  return parseCgroupChain((await ctx.exec.sh('app', cgroupChainScript(unit, 'cpu', CPU_FILES))).stdout);
}

/**
 * systemd (on v1 cgroups) only writes cpu.cfs_quota_us for units with a CPU
 * setting: once the drop-in is gone it leaves the slice's old quota in the
 * kernel. Revert clears every quota under the orders slice.
 */
function resetStaleQuotasScript(): string {
  return `find /sys/fs/cgroup/cpu/system.slice/${ORDERS_SLICE} -name cpu.cfs_quota_us 2>/dev/null | sort | while read -r f; do echo -1 > "$f" || true; done`;
}
