import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { ORDERS_METRICS } from '../../../src/stack/render/alert-rules.js';
import { PATHS, PORTS } from '../../../src/stack/topology.js';
import { shChecked } from '../../shared/exec-checked.js';
import { checkPrometheusLoaded, reloadPrometheusAndConfirm } from '../../shared/prometheus-state.js';
import { resolveSilentScrapeParams, silentScrapeParams, type SilentScrapeParams } from './params.js';
import { breakScrapeConfig, ORDERS_JOB } from './scrape-config.js';

export type { SilentScrapeParams } from './params.js';

const ID = 'silent-scrape';
/** Host-side copy of prometheus.yml as it was before inject (revert writes it back). */
const CONFIG_RECORD = 'prometheus-config';

interface ActiveTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: string;
}

async function activeTargets(ctx: FaultContext): Promise<ActiveTarget[] | undefined> {
  const response = await ctx.probes.http('mon', `http://localhost:${PORTS.prometheus}/api/v1/targets?state=active`, { timeoutMs: 5000 });
  try {
    return (JSON.parse(response.body) as { data: { activeTargets: ActiveTarget[] } }).data.activeTargets;
  } catch {
    return undefined;
  }
}

const instanceLabel = (params: Pick<SilentScrapeParams, 'instance'>) => `app-${params.instance}`;
const seriesSelector = (instance: string) => `${ORDERS_METRICS.requests}{job="${ORDERS_JOB}",instance="${instance}"}`;

/** One orders instance's scrape silently stops: its metrics vanish, nothing alerts, the instance is healthy. */
export const silentScrapeHost: FaultImplementation<SilentScrapeParams> = {
  params: silentScrapeParams,
  resolveParams: resolveSilentScrapeParams,

  async inject(ctx, params) {
    const text = await ctx.exec.readFile('mon', PATHS.prometheusConfig);
    if ((await ctx.records.read(CONFIG_RECORD)) === undefined) await ctx.records.write(CONFIG_RECORD, { text });
    await ctx.exec.writeFile('mon', PATHS.prometheusConfig, breakScrapeConfig(text, params), 0o644);
    await reloadPrometheusAndConfirm(ctx);
    ctx.log(`${ID}: ${params.variant} for ${instanceLabel(params)}`, { ...params });
  },

  async symptom(ctx, params) {
    const instance = instanceLabel(params);
    const port = PORTS.appInstances[params.instance - 1];
    const direct = await ctx.probes.http('mon', `http://${ctx.address('app')}:${port}/healthz`, { timeoutMs: 4000 });
    const up = await ctx.probes.query(`up{job="${ORDERS_JOB}",instance="${instance}"}`);
    const series = await ctx.probes.query(seriesSelector(instance));
    return {
      // Any answer proves the process is up (its /healthz may say 503 when another fault breaks its disk or etcd).
      observed: direct.status > 0 && up.length === 0 && series.length === 0,
      evidence: `orders@${params.instance} answers directly: ${direct.status > 0 ? `HTTP ${direct.status}` : `no answer (${direct.body.split('\n')[0]})`}; up{job="orders",instance="${instance}"}: ${up.length ? up.map((s) => s.value).join(',') : 'no series'}; ${seriesSelector(instance)}: ${series.length ? 'present' : 'no series'} — nothing can alert on ${instance}`,
    };
  },

  async verify(ctx, params) {
    const targets = await activeTargets(ctx);
    const criteria: Criterion[] = [];
    for (const [index, port] of PORTS.appInstances.entries()) {
      const instance = `app-${index + 1}`;
      const broken = index + 1 === params.instance;
      const scraped = (targets ?? []).filter((t) => t.labels.job === ORDERS_JOB && t.labels.instance === instance && new URL(t.scrapeUrl).port === String(port));
      // The instance this fault broke must be up; the other may be down for another fault's reasons, but must be a target.
      const passed = broken ? scraped.some((t) => t.health === 'up') : scraped.length > 0;
      criteria.push({
        name: `job orders scrapes ${instance} on its orders port ${port}${broken ? ', and it is up' : ''}`,
        passed,
        evidence: targets === undefined ? 'Prometheus did not answer /api/v1/targets' : scraped.length ? scraped.map((t) => `${t.scrapeUrl} ${t.health}`).join('; ') : `no active target with job="orders", instance="${instance}" on port ${port} (job orders has: ${(targets.filter((t) => t.labels.job === ORDERS_JOB).map((t) => `${t.labels.instance} ${t.scrapeUrl}`).join(', ')) || 'none'})`,
      });
    }
    const instance = instanceLabel(params);
    const series = await ctx.probes.query(seriesSelector(instance)).catch(() => []);
    criteria.push({ name: `${seriesSelector(instance)} is in Prometheus`, passed: series.length > 0, evidence: `${series.length} series` });
    criteria.push(await checkPrometheusLoaded(ctx, PATHS.prometheusConfig));
    return verifyResult(criteria);
  },

  async solve(ctx) {
    await writeRecordedConfig(ctx);
    await reloadPrometheusAndConfirm(ctx);
  },

  async revert(ctx) {
    if (await writeRecordedConfig(ctx)) await reloadPrometheusAndConfirm(ctx);
    await ctx.records.remove(CONFIG_RECORD);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'restart-prometheus',
      description: 'Restart Prometheus: the same configuration loads again and the instance stays unscraped.',
      async apply(ctx) {
        await shChecked(ctx.exec, 'mon', 'systemctl restart prometheus', 'restart Prometheus');
      },
    },
    {
      id: 'extra-job',
      description: 'Add a separate scrape job for the missing instance: its metrics come back under another job and instance label, every orders alert and dashboard still misses it.',
      async apply(ctx, params) {
        const port = PORTS.appInstances[params.instance - 1];
        const text = await ctx.exec.readFile('mon', PATHS.prometheusConfig);
        await ctx.exec.writeFile('mon', PATHS.prometheusConfig, `${text.trimEnd()}\n  - job_name: orders-${instanceLabel(params)}\n    static_configs:\n      - targets: [app:${port}]\n`, 0o644);
        await reloadPrometheusAndConfirm(ctx);
      },
    },
  ],
};

/** Write back prometheus.yml as recorded before inject; false when there is no record (nothing to undo). */
async function writeRecordedConfig(ctx: FaultContext): Promise<boolean> {
  const record = (await ctx.records.read(CONFIG_RECORD)) as { text?: unknown } | undefined;
  if (record === undefined) return false;
  if (typeof record.text !== 'string') throw new FaultlineError('FAULT_FAILED', `${ID}: the recorded prometheus.yml is unreadable.`);
  await ctx.exec.writeFile('mon', PATHS.prometheusConfig, record.text, 0o644);
  return true;
}
