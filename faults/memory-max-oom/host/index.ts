import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { ORDERS_CACHE_MB } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { cgroupChainScript, parseCgroupChain, type CgroupLevel } from '../../shared/cgroup-v1.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { describeSetting, parsePersistentSetting, settingLinesScript } from '../../shared/persistent-setting.js';
import { dropInPath, ORDERS_SLICE, ordersPort, ordersUnit, restartAndWaitScript, showUnit, showValue, writeDropIn } from '../../shared/systemd-unit.js';
import { readUnitProcess } from '../../shared/unit-process.js';
import {
  configuredUnits,
  describeMemoryChain,
  FIX_DROP_IN,
  formatMiB,
  HEADROOM,
  INSTANCES,
  limitTarget,
  MIN_PERSISTENT_MIB,
  ORDERS_TEMPLATE,
  parseMemoryMax,
  renderFixDropIn,
  renderLimitDropIn,
  tightestLimit,
} from './limit.js';
import { memoryMaxOomParams, resolveMemoryMaxOomParams, type MemoryMaxOomParams } from './params.js';

export type { MemoryMaxOomParams } from './params.js';

const MEMORY_FILES = ['memory.limit_in_bytes', 'memory.usage_in_bytes', 'memory.max_usage_in_bytes', 'memory.failcnt'] as const;
const SHOWN = ['ActiveState', 'SubState', 'NRestarts', 'ExecMainStatus', 'Result'] as const;
/** Warming the cache takes under a second; an instance up this long has survived it (and two scrapes). */
const STABLE_SECONDS = 15;
const CACHE_BYTES = ORDERS_CACHE_MB * 1024 * 1024;
const ALERTS = ['OrdersInstanceDown', 'OrdersHighErrorRate', 'EdgeProbeFailing'] as const;
/** Where the `remove-guard` wrong fix lifts the limit (next to the guard, sorted after it). */
const NO_GUARD_DROP_IN = 'zz-no-memory-guard.conf';
const RESTART_BOTH = 'systemctl reset-failed orders@1.service orders@2.service; systemctl restart orders@1.service orders@2.service || true';

/**
 * A memory guard drop-in sets MemoryMax= below what orders holds once its
 * catalogue cache is warm: the kernel's memory cgroup OOM-kills the instance
 * while it warms, systemd restarts it, and it is killed again.
 */
export const memoryMaxOomHost: FaultImplementation<MemoryMaxOomParams> = {
  params: memoryMaxOomParams,
  resolveParams: resolveMemoryMaxOomParams,

  async inject(ctx, params) {
    await writeDropIn(ctx, 'app', limitTarget(params), params.dropIn, renderLimitDropIn(params));
    // A service's memory cgroup is made anew at each start, with the limit: the restart puts the guard in force.
    await shChecked(ctx.exec, 'app', 'systemctl restart orders@1.service orders@2.service || true', 'restart orders under the limit');
    ctx.log(`memory-max-oom: MemoryMax=${params.limitMiB}M on ${limitTarget(params)}`, { ...params });
  },

  async symptom(ctx, params) {
    const units = configuredUnits(params);
    const shows = await Promise.all(units.map((unit) => showUnit(ctx, 'app', unit, [...SHOWN])));
    // Inject's own restart ends in a clean exit (Result=success, NRestarts=0), so a SIGKILL since then is the guard's:
    // seen either while systemd waits RestartSec= to start it again (auto-restart) or after it did (NRestarts > 0).
    // A new start clears ExecMainStatus; Result=signal stays until a clean exit.
    const killed = shows.some(
      (show) =>
        (showValue(show, 'SubState') === 'auto-restart' || Number(showValue(show, 'NRestarts')) > 0) &&
        (showValue(show, 'ExecMainStatus') === '9' || showValue(show, 'Result') === 'signal'),
    );
    const chain = await readMemoryChain(ctx, units[0] ?? ordersUnit(1));
    return {
      observed: killed,
      evidence: [
        ...shows.map((show, index) => `${units[index]}: ${SHOWN.map((k) => `${k}=${showValue(show, k)}`).join(' ')}`),
        `memory cgroups of ${units[0]}: ${describeMemoryChain(chain)}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const criteria: Criterion[] = [];
    for (const instance of INSTANCES) {
      const unit = ordersUnit(instance);
      const port = ordersPort(instance);
      const process = await readUnitProcess(ctx, 'app', unit, port);
      const health = await ctx.probes.http('mon', `http://app:${port}/healthz`, { timeoutMs: 3000 });
      const metrics = await ctx.probes.http('mon', `http://app:${port}/metrics`, { timeoutMs: 3000 });
      const cache = Number(/^orders_catalogue_cache_bytes (\S+)$/m.exec(metrics.body)?.[1] ?? Number.NaN);
      criteria.push(
        {
          name: `${unit} serves (/healthz 200) and its process has stayed up ${STABLE_SECONDS} s (no OOM kill while warming)`,
          passed: health.status === 200 && process.activeState === 'active' && process.activeForSeconds >= STABLE_SECONDS,
          evidence: `GET /healthz ${health.status || 'no answer'}; ${process.activeState}/${process.subState}, main pid ${process.mainPid || 'none'} up ${Math.max(0, process.activeForSeconds)} s`,
        },
        {
          name: `${unit} holds its full catalogue cache (${ORDERS_CACHE_MB} MiB): the working set was not cut to fit`,
          passed: cache === CACHE_BYTES,
          evidence: `orders_catalogue_cache_bytes ${Number.isNaN(cache) ? 'not exported' : cache}`,
        },
      );
      if (configuredUnits(params).includes(unit)) {
        const chain = await readMemoryChain(ctx, unit);
        const limit = tightestLimit(chain);
        criteria.push({
          name: `a memory limit still guards ${unit} in the kernel, with ${Math.round((HEADROOM - 1) * 100)}% headroom over the cgroup's usage`,
          passed: limit !== undefined && limit.bytes >= limit.usage * HEADROOM,
          evidence: `${describeMemoryChain(chain)}${limit ? ` → tightest ${formatMiB(limit.bytes)} at ${limit.at}` : ' → no limit below the machine'}`,
        });
      }
    }
    const minimum = MIN_PERSISTENT_MIB * 1024 * 1024;
    for (const unit of configuredUnits(params)) {
      const setting = parsePersistentSetting((await ctx.exec.sh('app', settingLinesScript(unit, 'MemoryMax'))).stdout);
      const bytes = parseMemoryMax(setting.value);
      criteria.push({
        name: `${unit}'s configuration keeps a finite MemoryMax= of at least ${MIN_PERSISTENT_MIB} MiB after a reboot (outside /run)`,
        passed: bytes !== undefined && Number.isFinite(bytes) && bytes >= minimum,
        evidence: `${describeSetting('MemoryMax', setting)}${setting.runtime.length > 0 ? ' (lines under /run are lost at reboot)' : ''}`,
      });
    }
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await writeDropIn(ctx, 'app', limitTarget(params), FIX_DROP_IN, renderFixDropIn());
    for (const instance of INSTANCES) await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 10, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
  },

  async revert(ctx, params) {
    const dirs = [ORDERS_TEMPLATE, ...INSTANCES.map(ordersUnit)];
    const files = dirs.flatMap((unit) => [params.dropIn, FIX_DROP_IN, NO_GUARD_DROP_IN].map((name) => shellQuote(dropInPath(unit, name))));
    const runtime = [...INSTANCES.map(ordersUnit), ORDERS_SLICE].map((u) => shellQuote(`/run/systemd/system.control/${u}.d`)).join(' ');
    await shChecked(
      ctx.exec,
      'app',
      `rm -f ${files.join(' ')}
rmdir ${dirs.map((unit) => shellQuote(`/etc/systemd/system/${unit}.d`)).join(' ')} 2>/dev/null || true
rm -rf ${runtime}
systemctl daemon-reload`,
      `remove the MemoryMax= drop-ins of ${limitTarget(params)}`,
    );
    for (const instance of INSTANCES) await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 10, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
    ctx.log('memory-max-oom: reverted', { target: limitTarget(params) });
  },

  wrongFixes: [
    {
      id: 'restart-orders',
      description: 'Resets and restarts both instances: they warm the cache under the same MemoryMax= and are OOM-killed again.',
      apply: async (ctx) => {
        await shChecked(ctx.exec, 'app', RESTART_BOTH, 'restart orders');
      },
    },
    {
      id: 'remove-guard',
      description: '`MemoryMax=infinity` in a drop-in sorted after the guard: orders stays up, but the guard the briefing says must stay is gone (a leak takes the host down again).',
      apply: removeGuard,
    },
    {
      id: 'runtime-set-property',
      description: '`systemctl set-property --runtime … MemoryMax=256M`: works until the next reboot, then the crash loop is back (the override lives in /run).',
      apply: setRuntimeLimit,
    },
  ],
};

/** The wrong fix: lift the limit altogether, persistently, where the guard is. */
async function removeGuard(ctx: FaultContext, params: MemoryMaxOomParams): Promise<void> {
  await writeDropIn(ctx, 'app', limitTarget(params), NO_GUARD_DROP_IN, '[Service]\nMemoryMax=infinity\n');
  await shChecked(ctx.exec, 'app', RESTART_BOTH, 'restart orders without the guard');
}

/** The wrong fix: a runtime-only override on each guarded unit, then restart. */
async function setRuntimeLimit(ctx: FaultContext, params: MemoryMaxOomParams): Promise<void> {
  await shChecked(ctx.exec, 'app', configuredUnits(params).map((unit) => `systemctl set-property --runtime ${unit} MemoryMax=256M`).join('\n'), 'set a runtime MemoryMax=');
  await shChecked(ctx.exec, 'app', RESTART_BOTH, 'restart orders');
}

async function readMemoryChain(ctx: FaultContext, unit: string): Promise<CgroupLevel[]> {
  return parseCgroupChain((await ctx.exec.sh('app', cgroupChainScript(unit, 'memory', MEMORY_FILES))).stdout);
}
