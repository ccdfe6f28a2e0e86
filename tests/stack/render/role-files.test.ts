import { describe, expect, it } from 'vitest';
import { PATHS, ROLES } from '../../../src/stack/topology.js';
import { renderAlertRulesYaml } from '../../../src/stack/render/alert-rules.js';
import { isContent, isCopy, isSymlink, renderRoleFiles } from '../../../src/stack/render/index.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';
import { STUB_STACK_INPUT } from '../stack-fixture.js';

const input = parseStackInput(STUB_STACK_INPUT);
const paths = (role: (typeof ROLES)[number]) => renderRoleFiles(role, input).map((f) => f.path);

describe('renderRoleFiles', () => {
  it('renders absolute paths, each once, each entry exactly one kind', () => {
    for (const role of ROLES) {
      const files = renderRoleFiles(role, input);
      expect(new Set(files.map((f) => f.path)).size, role).toBe(files.length);
      for (const file of files) {
        expect(file.path, role).toMatch(/^\/[^\s]+$/);
        expect([isContent(file), isSymlink(file), isCopy(file)].filter(Boolean), file.path).toHaveLength(1);
      }
    }
  });

  it('gives every machine its identity, network, CA, users and journal upload', () => {
    for (const role of ROLES) {
      expect(paths(role), role).toEqual(
        expect.arrayContaining(['/etc/hostname', '/etc/hosts', PATHS.caCert, '/etc/sysusers.d/faultline.conf', '/etc/systemd/journal-upload.conf']),
      );
    }
  });

  it('puts each service on its own role and no other', () => {
    const only = (path: string, role: (typeof ROLES)[number]) =>
      expect(ROLES.filter((r) => paths(r).includes(path)), path).toEqual([role]);
    only(PATHS.nginxSite, 'edge');
    only(PATHS.edgeKey, 'edge');
    only('/etc/systemd/system/orders@.service', 'app');
    only('/etc/default/etcd', 'store');
    only(PATHS.prometheusConfig, 'mon');
    only(PATHS.alertmanagerConfig, 'mon');
    only(PATHS.blackboxConfig, 'mon');
    only('/etc/systemd/system/faultline-loadgen.service', 'mon');
  });

  it('installs the alert rules on mon from alertRuleGroups()', () => {
    const rules = renderRoleFiles('mon', input).find((f) => f.path === PATHS.prometheusRules);
    expect(rules && isContent(rules) ? rules.content : '').toBe(renderAlertRulesYaml());
  });
});
