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
  limitTarget,
  parseMemoryMax,
  renderFixDropIn,
  renderLimitDropIn,
  tightestLimit,
} from './limit.js';
import { memoryMaxOomParams, resolveMemoryMaxOomParams, type MemoryMaxOomParams } from './params.js';

export type { MemoryMaxOomParams } from './params.js';

const INSTANCES = [1, 2] as const;
const MEMORY_FILES = ['memory.limit_in_bytes', 'memory.usage_in_bytes', 'memory.max_usage_in_bytes', 'memory.failcnt'] as const;
/** Warming the cache takes under a second; an instance up this long has survived it (and two scrapes). */
const STABLE_SECONDS = 15;
/** The least MemoryMax= the configuration may keep: the warm working set (~75 MiB per instance) with headroom. */
const MIN_PERSISTENT_MIB: Readonly<Record<MemoryMaxOomParams['variant'], number>> = { template: 96, slice: 192 };
const CACHE_BYTES = ORDERS_CACHE_MB * 1024 * 1024;
const ALERTS = ['OrdersInstanceDown', 'OrdersHighErrorRate', 'EdgeProbeFailing'] as const;
/** Where the wrong fix raises the limit for orders@1 only. */
const ONE_INSTANCE_DROP_IN = dropInPath(ordersUnit(1), 'zz-more-memory.conf');

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
    await shChecked(ctx.exec, 'app', 'systemctl restart orders@1.service orders@2.service || true', 'restart orders under the limit');
    ctx.log(`memory-max-oom: MemoryMax=${params.limitMiB}M on ${limitTarget(params)}`, { ...params });
  },

  async symptom(ctx, params) {
    const shows = await Promise.all(INSTANCES.map((i) => showUnit(ctx, 'app', ordersUnit(i), ['NRestarts', 'ExecMainStatus', 'Result', 'ActiveState'])));
    // A new start clears ExecMainStatus; Result=signal stays until a clean exit.
    const killed = shows.some((show) => Number(showValue(show, 'NRestarts')) > 0 && (showValue(show, 'ExecMainStatus') === '9' || showValue(show, 'Result') === 'signal'));
    const chain = await readMemoryChain(ctx, ordersUnit(1));
    return {
      observed: killed,
      evidence: [
        ...shows.map((show, index) => `${ordersUnit(INSTANCES[index] ?? 1)}: ${['ActiveState', 'NRestarts', 'ExecMainStatus', 'Result'].map((k) => `${k}=${showValue(show, k)}`).join(' ')}`),
        `memory cgroups of orders@1: ${describeMemoryChain(chain)}`,
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
      const chain = await readMemoryChain(ctx, unit);
      const limit = tightestLimit(chain);
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
        {
          name: `a memory limit still guards ${unit} in the kernel, with ${Math.round((HEADROOM - 1) * 100)}% headroom over the cgroup's usage`,
          passed: limit !== undefined && limit.bytes >= limit.usage * HEADROOM,
          evidence: `${describeMemoryChain(chain)}${limit ? ` → tightest ${formatMiB(limit.bytes)} at ${limit.at}` : ' → no limit below the machine'}`,
        },
      );
    }
    const minimum = MIN_PERSISTENT_MIB[params.variant] * 1024 * 1024;
    for (const unit of configuredUnits(params)) {
      const setting = parsePersistentSetting((await ctx.exec.sh('app', settingLinesScript(unit, 'MemoryMax'))).stdout);
      const bytes = parseMemoryMax(setting.value);
      criteria.push({
        name: `${unit}'s configuration keeps a MemoryMax= of at least ${MIN_PERSISTENT_MIB[params.variant]} MiB after a reboot (outside /run)`,
        passed: bytes !== undefined && Number.isFinite(bytes) && bytes >= minimum,
        evidence: `${describeSetting('MemoryMax', setting)}${setting.runtime.length > 0 ? ' (lines under /run are lost at reboot)' : ''}`,
      });
    }
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await writeDropIn(ctx, 'app', limitTarget(params), FIX_DROP_IN, renderFixDropIn(params));
    for (const instance of INSTANCES) await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 10, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
  },

  async revert(ctx, params) {
    const target = limitTarget(params);
    const runtime = ['orders@1.service', 'orders@2.service', ORDERS_SLICE].map((u) => shellQuote(`/run/systemd/system.control/${u}.d`)).join(' ');
    await shChecked(
      ctx.exec,
      'app',
      `rm -f ${shellQuote(dropInPath(target, params.dropIn))} ${shellQuote(dropInPath(target, FIX_DROP_IN))} ${shellQuote(ONE_INSTANCE_DROP_IN)}
rmdir ${shellQuote(`/etc/systemd/system/${target}.d`)} ${shellQuote(`/etc/systemd/system/${ordersUnit(1)}.d`)} 2>/dev/null || true
rm -rf ${runtime}
systemctl daemon-reload`,
      `remove the MemoryMax= drop-ins of ${target}`,
    );
    for (const instance of INSTANCES) await shChecked(ctx.exec, 'app', restartAndWaitScript(ordersUnit(instance), 10, ordersPort(instance)), `restart ${ordersUnit(instance)}`);
    ctx.log('memory-max-oom: reverted', { target });
  },

  wrongFixes: [
    {
      id: 'restart-orders',
      description: 'Resets and restarts both instances: they warm the cache under the same MemoryMax= and are OOM-killed again.',
      apply: async (ctx) => {
        await shChecked(ctx.exec, 'app', 'systemctl reset-failed orders@1.service orders@2.service; systemctl restart orders@1.service orders@2.service || true', 'restart orders');
      },
    },
    {
      id: 'raise-one-instance',
      description: 'Raises MemoryMax= in a drop-in for orders@1 only: orders@2 keeps the guard it cannot fit in (and a slice limit caps both whatever the unit says).',
      apply: raiseOneInstance,
    },
    {
      id: 'runtime-set-property',
      description: '`systemctl set-property --runtime … MemoryMax=256M`: works until the next reboot, then the crash loop is back (the override lives in /run).',
      apply: setRuntimeLimit,
    },
  ],
};

/** The wrong fix: a persistent raise on one instance. */
export async function raiseOneInstance(ctx: FaultContext): Promise<void> {
  await ctx.exec.writeFile('app', ONE_INSTANCE_DROP_IN, '[Service]\nMemoryMax=256M\n', 0o644);
  await shChecked(ctx.exec, 'app', `systemctl daemon-reload; systemctl reset-failed ${ordersUnit(1)}; systemctl restart ${ordersUnit(1)} || true`, 'raise orders@1 only');
}

/** The wrong fix: a runtime-only override where the limit is, then restart. */
export async function setRuntimeLimit(ctx: FaultContext, params: MemoryMaxOomParams): Promise<void> {
  const targets = params.variant === 'template' ? configuredUnits(params) : [ORDERS_SLICE];
  const limit = params.variant === 'template' ? '256M' : '512M';
  await shChecked(ctx.exec, 'app', targets.map((t) => `systemctl set-property --runtime ${t} MemoryMax=${limit}`).join('\n'), 'set a runtime MemoryMax=');
  await shChecked(ctx.exec, 'app', 'systemctl reset-failed orders@1.service orders@2.service; systemctl restart orders@1.service orders@2.service || true', 'restart orders');
}

async function readMemoryChain(ctx: FaultContext, unit: string): Promise<CgroupLevel[]> {
  return parseCgroupChain((await ctx.exec.sh('app', cgroupChainScript(unit, 'memory', MEMORY_FILES))).stdout);
}
