import { describe, expect, it } from 'vitest';
import { renderRoleFiles } from '../../../src/stack/render/index.js';
import { GO_GC_PERCENT, GO_SERVICES, NODE_LEAN_FLAGS } from '../../../src/stack/render/runtime-memory.js';
import { ROLES, UNITS } from '../../../src/stack/topology.js';
import { makeStackInput, makeTempDir } from '../stack-fixture.js';

describe('runtime memory settings', () => {
  it('start every bundled program with the lean node flags', async () => {
    const { dir, cleanup } = await makeTempDir('runtime-memory');
    const { input } = await makeStackInput(dir);
    await cleanup();
    const execStarts = ROLES.flatMap((role) => renderRoleFiles(role, input))
      .flatMap((file) => ('content' in file && typeof file.content === 'string' ? file.content.split('\n') : []))
      .filter((line) => line.startsWith('ExecStart=/usr/bin/node'));
    expect(execStarts.length).toBeGreaterThanOrEqual(3);
    for (const line of execStarts) expect(line).toMatch(new RegExp(`^ExecStart=/usr/bin/node ${NODE_LEAN_FLAGS.join(' ')} /opt/faultline/[a-z-]+\\.js$`));
  });

  it('give each Go daemon of a role a GOGC drop-in, and only those', async () => {
    const { dir, cleanup } = await makeTempDir('runtime-memory');
    const { input } = await makeStackInput(dir);
    await cleanup();
    for (const role of ROLES) {
      const dropIns = renderRoleFiles(role, input).filter((file) => file.path.endsWith('/faultline-memory.conf'));
      const expected = UNITS[role].filter((unit) => GO_SERVICES.includes(unit));
      expect(dropIns.map((file) => file.path).sort()).toEqual(expected.map((unit) => `/etc/systemd/system/${unit}.d/faultline-memory.conf`).sort());
      for (const file of dropIns) expect('content' in file && file.content).toContain(`Environment=GOGC=${GO_GC_PERCENT}`);
    }
  });
});
