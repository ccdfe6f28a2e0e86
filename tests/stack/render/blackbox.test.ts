import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderBlackboxConfig } from '../../../src/stack/render/blackbox.js';
import { EDGE_PROBES } from '../../../src/stack/render/prometheus.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { makeStackInput, makeTempDir, runTool } from '../stack-fixture.js';

// A live probe of the rendered edge with this config runs in nginx.test.ts.
describe('renderBlackboxConfig', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('blackbox'));
    ({ input } = await makeStackInput(dir));
  });
  afterAll(() => cleanup());

  const check = async (text: string) => {
    const path = join(dir, `blackbox-${Math.random().toString(36).slice(2)}.yml`);
    await writeFile(path, text);
    return runTool('prometheus-blackbox-exporter', ['--config.check', `--config.file=${path}`]);
  };

  it('passes the blackbox exporter\'s --config.check', async () => {
    const result = await check(renderBlackboxConfig(input));
    expect(result.output).toContain('Config file is ok');
  });

  it('fails --config.check on a misspelt field, so the check can fail', async () => {
    const result = await check(renderBlackboxConfig(input).replace('fail_if_not_ssl', 'fail_if_not_tls'));
    expect(result.output).toContain('Error loading config');
    expect(result.output).not.toContain('Config file is ok');
  });

  it('defines every module Prometheus asks for, each verifying TLS against the environment CA over IPv4', () => {
    const config = parse(renderBlackboxConfig(input));
    for (const { module } of EDGE_PROBES) {
      expect(config.modules[module], module).toMatchObject({
        prober: 'http',
        http: { preferred_ip_protocol: 'ip4', tls_config: { ca_file: '/etc/faultline/ca.crt', insecure_skip_verify: false } },
      });
    }
    expect(config.modules.https_orders.http.fail_if_body_not_matches_regexp).toEqual(['"service":"orders"']);
  });
});
