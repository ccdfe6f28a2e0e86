import { stringify } from 'yaml';

/**
 * Operator kubeconfig for the k3s node, authenticated with the static token.
 * The node's CA is not known before boot, so TLS verification is skipped;
 * the API port is only open to the allowed CIDRs (see docs/CLOUD.md).
 */
export function renderKubeconfig(server: string, token: string, name = 'faultline'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}
