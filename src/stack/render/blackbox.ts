import { stringify } from 'yaml';
import { PATHS } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/**
 * blackbox.yml for mon (Debian's unit already passes
 * `--config.file /etc/prometheus/blackbox.yml`). Both modules verify the
 * edge's certificate against the environment CA, so an expired or wrongly
 * issued certificate fails the probe the way it fails a client.
 */
export function renderBlackboxFiles(input: StackInput): RenderedContent[] {
  return [{ path: PATHS.blackboxConfig, content: renderBlackboxConfig(input) }];
}

/** The probe modules named in prometheus.yml's blackbox-edge job. */
export function renderBlackboxConfig(input: StackInput): string {
  const https = (body: string) => ({
    prober: 'http',
    timeout: '4s',
    http: {
      method: 'GET',
      valid_status_codes: [200],
      fail_if_not_ssl: true,
      fail_if_body_not_matches_regexp: [body],
      preferred_ip_protocol: 'ip4',
      ip_protocol_fallback: false,
      tls_config: { ca_file: PATHS.caCert, insecure_skip_verify: false },
    },
  });
  const config = {
    modules: {
      https_orders: https('"service":"orders"'),
      https_healthz: https('"status":"ok"'),
    },
  };
  return `# faultline ${input.envName} (${input.envId}): blackbox exporter on mon.\n${stringify(config, { lineWidth: 0 })}`;
}
