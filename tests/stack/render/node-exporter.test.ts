import { describe, expect, it } from 'vitest';
import { renderNodeExporterDefaults } from '../../../src/stack/render/node-exporter.js';
import { ROLES, UNITS } from '../../../src/stack/topology.js';

/** node-exporter anchors --collector.systemd.unit-include as ^(?:…)$ (Go RE2; this pattern means the same in JS). */
function includePattern(role: (typeof ROLES)[number]): RegExp {
  const args = /ARGS="--collector\.systemd\.unit-include=(\S+)"/.exec(renderNodeExporterDefaults(role).content)?.[1];
  expect(args, renderNodeExporterDefaults(role).content).toBeDefined();
  return new RegExp(`^(?:${args})$`);
}

describe('node-exporter defaults', () => {
  it.each(ROLES)('%s: the systemd collector reports the role’s own units and sshd, nothing else', (role) => {
    const pattern = includePattern(role);
    for (const unit of [...UNITS[role], 'ssh.service']) expect(unit).toMatch(pattern);
    for (const other of ['systemd-journald.service', 'dbus.service', 'ssh.socket', 'nginx.service.d', 'xorders@1.service']) {
      if (!UNITS[role].includes(other)) expect(other).not.toMatch(pattern);
    }
    const foreign = ROLES.filter((r) => r !== role).flatMap((r) => UNITS[r]).filter((unit) => !UNITS[role].includes(unit));
    for (const unit of foreign) expect(unit).not.toMatch(pattern);
  });
});
