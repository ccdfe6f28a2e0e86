import { FaultlineError } from '../../errors/index.js';
import { PATHS, type Role } from '../topology.js';
import { renderAlertRulesYaml } from './alert-rules.js';
import { renderAlertmanagerFiles } from './alertmanager.js';
import { renderBlackboxFiles } from './blackbox.js';
import { renderEtcdFiles } from './etcd.js';
import { renderHostsFiles } from './hosts.js';
import { renderJournalFiles } from './journal.js';
import { renderLokiFiles } from './loki.js';
import { renderNetworkdFiles } from './networkd.js';
import { renderNginxFiles } from './nginx.js';
import { renderPrometheusFiles } from './prometheus.js';
import { renderNodeExporterDefaults } from './node-exporter.js';
import type { RenderedFile } from './rendered-file.js';
import { renderGoMemoryDropIns } from './runtime-memory.js';
import type { StackInput } from './stack-input.js';
import { renderLogShipperUnits, renderMonUnits, renderOrdersUnits, renderServiceMasks, renderUserFiles } from './units.js';

/**
 * Every file to seed into one machine of the environment, before first
 * boot. Paths are absolute inside the machine; no two entries share a path.
 */
export function renderRoleFiles(role: Role, input: StackInput): RenderedFile[] {
  const files: RenderedFile[] = [
    ...renderHostsFiles(role, input),
    ...renderNetworkdFiles(role, input),
    { path: PATHS.caCert, content: input.pki.caCertPem },
    ...renderUserFiles(role),
    ...renderServiceMasks(role),
    ...renderJournalFiles(role),
    ...(input.loki ? renderLogShipperUnits(role) : []),
    ...renderRoleServices(role, input),
    ...renderGoMemoryDropIns(role),
    renderNodeExporterDefaults(role),
  ];
  assertUniquePaths(role, files);
  return files;
}

function renderRoleServices(role: Role, input: StackInput): RenderedFile[] {
  switch (role) {
    case 'edge':
      return renderNginxFiles(input);
    case 'app':
      return renderOrdersUnits();
    case 'store':
      return renderEtcdFiles(input);
    case 'mon':
      return [
        ...renderPrometheusFiles(input),
        { path: PATHS.prometheusRules, content: renderAlertRulesYaml() },
        ...renderAlertmanagerFiles(input),
        ...renderBlackboxFiles(input),
        ...renderMonUnits(),
        ...renderLokiFiles(input),
      ];
  }
}

function assertUniquePaths(role: Role, files: readonly RenderedFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new FaultlineError('INVALID_CONFIG', `renderRoleFiles(${role}) renders ${file.path} twice.`, {
        hint: 'This is a bug in src/stack/render: two renderers claim the same file.',
      });
    seen.add(file.path);
  }
}
