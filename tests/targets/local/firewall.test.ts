import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { isolateBridge, listEnvRules, removeEnvRules } from '../../../src/targets/local/firewall.js';

const canRun = process.getuid?.() === 0;
if (!canRun) process.stderr.write('\n!!! SKIPPING firewall tests: they change host iptables and need root.\n\n');

describe.skipIf(!canRun)('host isolation rules (real iptables)', () => {
  const id = 'f00d01';
  afterAll(() => removeEnvRules(id));

  it('adds tagged INPUT and FORWARD rules for the bridge, idempotently', async () => {
    await isolateBridge(id, 'flb-f00d01');
    await isolateBridge(id, 'flb-f00d01');
    const rules = await listEnvRules(id);
    expect(rules.map((r) => r.spec.split(' ')[1]).sort()).toEqual(['FORWARD', 'FORWARD', 'INPUT', 'INPUT']);
    expect(rules.every((r) => r.spec.includes('faultline:f00d01'))).toBe(true);
    const input = (await execa('iptables', ['-S', 'INPUT'])).stdout.split('\n').filter((l) => l.includes('faultline:f00d01'));
    expect(input[0]).toMatch(/ESTABLISHED.*ACCEPT/);
    expect(input[1]).toMatch(/-j DROP/);
  });

  it('removes every rule of the environment and none of another', async () => {
    await isolateBridge('f00d02', 'flb-f00d02');
    await removeEnvRules(id);
    expect(await listEnvRules(id)).toEqual([]);
    expect((await listEnvRules('f00d02')).length).toBe(4);
    await removeEnvRules('f00d02');
    expect(await listEnvRules('f00d02')).toEqual([]);
  });
});
