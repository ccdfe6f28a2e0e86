import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERTMANAGER_ARGS, renderAlertmanagerConfig, renderAlertmanagerFiles } from '../../../src/stack/render/alertmanager.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { contentOf, makeStackInput, makeTempDir, runTool } from '../stack-fixture.js';

describe('renderAlertmanagerConfig', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('alertmanager'));
    ({ input } = await makeStackInput(dir));
  });
  afterAll(() => cleanup());

  it('passes amtool check-config', async () => {
    const path = join(dir, 'alertmanager.yml');
    await writeFile(path, renderAlertmanagerConfig(input));
    const result = await runTool('amtool', ['check-config', path]);
    expect(result.output).toContain('SUCCESS');
    expect(result.exitCode).toBe(0);
  });

  it('fails amtool check-config when the route names a missing receiver, so the check can fail', async () => {
    const path = join(dir, 'broken.yml');
    await writeFile(path, renderAlertmanagerConfig(input).replace('receiver: faultline-recorder', 'receiver: nobody'));
    expect((await runTool('amtool', ['check-config', path])).exitCode).not.toBe(0);
  });

  it('routes everything to the recorder webhook on mon, resolved notifications included', () => {
    const config = parse(renderAlertmanagerConfig(input));
    expect(config.route).toEqual({
      receiver: 'faultline-recorder',
      group_by: ['alertname', 'instance'],
      group_wait: '5s',
      group_interval: '10s',
      repeat_interval: '1h',
    });
    expect(config.receivers).toEqual([
      { name: 'faultline-recorder', webhook_configs: [{ url: 'http://127.0.0.1:9095/alerts', send_resolved: true }] },
    ]);
  });

  it('runs a single node with an empty cluster listen address, flags the binary accepts', async () => {
    const defaults = contentOf(renderAlertmanagerFiles(input), '/etc/default/prometheus-alertmanager');
    expect(defaults).toMatch(/ --cluster\.listen-address=[" ]/);
    const result = await runTool('prometheus-alertmanager', [...ALERTMANAGER_ARGS, '--help']);
    expect(result.exitCode, result.output).toBe(0);
  });
});
