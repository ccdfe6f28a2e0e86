import type { Executor } from '../../core/executor.js';
import type { Probes } from '../../core/probe.js';
import { FaultlineError } from '../../errors/index.js';
import type { EnvState } from '../../schema/state.js';
import { renderPrometheusConfig, STEADY_SCRAPE } from '../../stack/render/prometheus.js';
import { visibleEnvName } from '../../stack/render/hosts.js';
import { PATHS, PORTS } from '../../stack/topology.js';

/**
 * After the baseline gate: give Prometheus its steady-state config (the 5 s
 * scrape interval; it booted with BOOT_SCRAPE so the gate saw every target
 * sooner) and reload it. The reload is synchronous: Prometheus answers 200
 * once the new config is in force, an error otherwise. Targets keep their
 * health across a reload, so what the gate proved still holds.
 */
export async function settlePrometheus(state: EnvState, exec: Executor, probes: Probes): Promise<void> {
  const config = renderPrometheusConfig({ envName: visibleEnvName(state.id), envId: state.id }, STEADY_SCRAPE);
  await exec.writeFile('mon', PATHS.prometheusConfig, config, 0o644);
  const reload = await probes.http('mon', `http://127.0.0.1:${PORTS.prometheus}/-/reload`, { method: 'POST', timeoutMs: 10_000 });
  if (reload.status !== 200) {
    throw new FaultlineError('PROVISION_FAILED', `Prometheus did not take its steady-state config (reload answered ${reload.status || 'nothing'}).`, {
      details: [reload.body.trim().slice(0, 300)],
      hint: 'Check prometheus.service on mon (journalctl -u prometheus) and run `up` again.',
    });
  }
}
