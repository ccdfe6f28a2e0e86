import { stringify } from 'yaml';
import type { EnvIdentity } from '../config.js';

export interface TeleportRenderInput {
  readonly proxy: string;
  readonly joinToken: string;
  readonly nodeName: string;
  readonly env: EnvIdentity;
}

/** /etc/teleport.yaml for an SSH-service-only agent labelled env/scenario/candidate. */
export function renderTeleportConfig(input: TeleportRenderInput): string {
  return stringify({
    version: 'v3',
    teleport: {
      nodename: input.nodeName,
      data_dir: '/var/lib/teleport',
      join_params: { method: 'token', token_name: input.joinToken },
      proxy_server: input.proxy,
      log: { output: 'stderr', severity: 'INFO' },
    },
    auth_service: { enabled: false },
    proxy_service: { enabled: false },
    ssh_service: {
      enabled: true,
      labels: { env: input.env.id, scenario: input.env.scenario, candidate: input.env.candidate },
    },
  });
}
