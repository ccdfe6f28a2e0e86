import { UNITS, type Role } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import { renderDropIn } from './systemd.js';

/**
 * Node flags for the bundled programs (orders, loadgen, alert recorder, log
 * shipper). They serve a few requests a second, so V8's optimising tiers and
 * its 16 MB young generation buy nothing: `--lite-mode` (interpreter only, lazy
 * feedback) and a 1 MB semi-space take each process from ~30 MB to ~18–26 MB
 * of private memory (measured on Debian's Node 18 in an app machine,
 * smaps_rollup Private_Dirty after 200 requests).
 */
export const NODE_LEAN_FLAGS = ['--lite-mode', '--max-semi-space-size=1'] as const;

/** `ExecStart=` of a bundled program. */
export function nodeCommand(bundle: string): string {
  return ['/usr/bin/node', ...NODE_LEAN_FLAGS, bundle].join(' ');
}

/**
 * Packaged Go daemons: a lower GOGC makes each collect at 25 % heap growth
 * instead of 100 %. Their heaps are small (12 targets, a tiny etcd), so the
 * extra collections cost little CPU; the machines' cgroup memory drops by
 * ~10–25 MB per machine (mon the most).
 */
export const GO_SERVICES: readonly string[] = [
  'prometheus-node-exporter.service',
  'etcd.service',
  'prometheus.service',
  'prometheus-alertmanager.service',
  'prometheus-blackbox-exporter.service',
];
export const GO_GC_PERCENT = 25;

/** A `faultline-memory.conf` drop-in per Go daemon of `role`. */
export function renderGoMemoryDropIns(role: Role): RenderedContent[] {
  return UNITS[role]
    .filter((unit) => GO_SERVICES.includes(unit))
    .map((unit) =>
      renderDropIn(unit, 'faultline-memory', [{ name: 'Service', entries: [['Environment', `GOGC=${GO_GC_PERCENT}`]] }], 'faultline: collect garbage earlier (small heaps, many machines per host).'),
    );
}
