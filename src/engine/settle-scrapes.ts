import { parse } from 'yaml';
import type { Executor } from '../core/executor.js';
import type { Probes } from '../core/probe.js';
import { FaultlineError } from '../errors/index.js';
import { SCRAPE, settleScrapeIntervals } from '../stack/render/prometheus.js';
import { PATHS, PORTS } from '../stack/topology.js';
import { sleep } from '../utils/sleep.js';

const LOADED_TIMEOUT_MS = 15_000;

/**
 * After the baseline gate: put mon's prometheus.yml from its bootstrap scrape
 * timing back to the steady one (see BOOTSTRAP_SCRAPE), reload Prometheus and
 * wait until the loaded config says so. A file without bootstrap timing is
 * left alone. Returns whether anything changed.
 */
export async function settleScrapes(exec: Executor, probes: Probes): Promise<boolean> {
  const text = await exec.readFile('mon', PATHS.prometheusConfig);
  const settled = settleScrapeIntervals(text);
  if (settled === text) return false;
  await exec.writeFile('mon', PATHS.prometheusConfig, settled, 0o644);
  await probes.reloadPrometheus();
  const deadline = Date.now() + LOADED_TIMEOUT_MS;
  for (;;) {
    const loaded = await loadedScrapeInterval(probes);
    if (loaded === SCRAPE.interval) return true;
    if (Date.now() > deadline) {
      throw new FaultlineError('BASELINE_GATE_FAILED', `Prometheus on mon did not load the ${SCRAPE.interval} scrape interval after a reload.`, {
        details: [`loaded scrape_interval: ${loaded ?? 'unknown (no answer from /api/v1/status/config)'}`],
        hint: `Read journalctl -u prometheus on mon and run promtool check config ${PATHS.prometheusConfig} there.`,
      });
    }
    await sleep(200);
  }
}

/** global.scrape_interval of the config Prometheus has loaded, from /api/v1/status/config. */
async function loadedScrapeInterval(probes: Probes): Promise<string | undefined> {
  const response = await probes.http('mon', `http://localhost:${PORTS.prometheus}/api/v1/status/config`, { timeoutMs: 5000 });
  try {
    const body = JSON.parse(response.body) as { data?: { yaml?: string } };
    const config = parse(body.data?.yaml ?? '') as { global?: { scrape_interval?: unknown } } | null;
    const interval = config?.global?.scrape_interval;
    return typeof interval === 'string' ? interval : undefined;
  } catch {
    return undefined;
  }
}
