import { describe, expect, it } from 'vitest';
import { listFaultIds } from '../../../faults/registry.js';
import { visibleEnvName } from '../../../src/stack/render/hosts.js';
import { renderRoleFiles } from '../../../src/stack/render/index.js';
import { isContent } from '../../../src/stack/render/rendered-file.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';
import { ROLES } from '../../../src/stack/topology.js';
import { STUB_STACK_INPUT } from '../stack-fixture.js';

describe('names the machines show', () => {
  it('carry no scenario or fault id in any rendered file (the local target passes visibleEnvName)', () => {
    const input = parseStackInput({ ...STUB_STACK_INPUT, envName: visibleEnvName(STUB_STACK_INPUT.envId) });
    const ids = [STUB_STACK_INPUT.scenario, ...listFaultIds()];
    for (const role of ROLES) {
      for (const file of renderRoleFiles(role, input).filter(isContent)) {
        for (const id of ids) expect(`${file.path}\n${file.content}`, `${role}:${file.path}`).not.toContain(id);
      }
    }
    expect(visibleEnvName('3fa2c1')).toBe('env-3fa2c1');
  });
});
