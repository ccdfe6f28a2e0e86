import { UNITS, type Role } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';

/**
 * /etc/default/prometheus-node-exporter for one machine. Debian enables the
 * systemd collector, which asks systemd over D-Bus about every unit at every
 * scrape: two thirds of the exporter's CPU (29 → 13 ms a scrape, measured on
 * edge) and ~350 of its ~770 series. Limited to the role's own units and sshd,
 * `node_systemd_unit_state` still shows what a candidate would look for.
 */
export function renderNodeExporterDefaults(role: Role): RenderedContent {
  const names = [...UNITS[role], 'ssh.service'].map((unit) => unit.replace(/\.service$/, '').replace(/[.]/g, '[.]'));
  const include = `(${names.join('|')})[.]service`;
  return {
    path: '/etc/default/prometheus-node-exporter',
    content: `# faultline: flags for prometheus-node-exporter.service (systemd collector: this machine's stack units only).\nARGS="--collector.systemd.unit-include=${include}"\n`,
  };
}
