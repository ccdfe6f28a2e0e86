import { stringify } from 'yaml';

/**
 * Operator kubeconfig for the k3s node: the server's TLS certificate is
 * verified against the pre-generated cluster CA (k3s signs its serving
 * certificate with it, and --tls-san puts the node's stable address in it),
 * and the operator authenticates with the static token.
 */
export function renderKubeconfig(server: string, caPem: string, token: string, name = 'faultline'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}
