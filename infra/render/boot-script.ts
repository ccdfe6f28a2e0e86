import { VERSIONS } from '../versions.js';
import type { NodeSecretNames } from './node-secrets.js';

export interface BootScriptInput {
  readonly region: string;
  readonly k3sInstallScript: string;
  /** The node's stable public address (the Elastic IP), put into the API certificate with --tls-san. */
  readonly tlsSan: string;
  readonly secrets: NodeSecretNames;
  /** Set when a Teleport agent is configured: /etc/teleport.yaml is rendered from its template with the join token. */
  readonly teleportProxy?: string;
}

/** Where cloud-init writes what the boot script reads. */
export const BOOT_PATHS = {
  script: '/usr/local/sbin/faultline-boot',
  serverCaCert: '/etc/faultline/server-ca.crt',
  tokenFile: '/etc/faultline/k3s-tokens.csv',
  teleportTemplate: '/etc/faultline/teleport.yaml.tmpl',
  k3sTls: '/var/lib/rancher/k3s/server/tls',
} as const;

/** Placeholder for the join token in the Teleport template (replaced at boot, never in user data). */
export const TELEPORT_TOKEN_PLACEHOLDER = '@@FAULTLINE_TELEPORT_JOIN_TOKEN@@';

/** The CAs k3s requires besides the server CA when custom CAs are used (k3s docs, "Using Custom CA Certificates"). */
const NODE_LOCAL_CAS = [
  ['client-ca', 'k3s-client-ca'],
  ['request-header-ca', 'k3s-request-header-ca'],
  ['etcd/peer-ca', 'etcd-peer-ca'],
  ['etcd/server-ca', 'etcd-server-ca'],
] as const;

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The node's first-boot script. Secrets come from SSM Parameter Store with
 * the instance role (IMDSv2, hop limit 1: pods cannot get the role), never
 * from user data. k3s starts with the pre-generated server CA (so the
 * operator's kubeconfig can verify it) and --tls-san for the stable address;
 * the other CAs k3s needs are made on the node and never leave it.
 */
export function renderBootScript(input: BootScriptInput): string {
  const tls = BOOT_PATHS.k3sTls;
  const lines = [
    '#!/bin/bash',
    'set -euo pipefail',
    'umask 077',
    `param() { aws ssm get-parameter --region ${q(input.region)} --with-decryption --name "$1" --query Parameter.Value --output text; }`,
    `mkdir -p /etc/faultline ${tls}/etcd`,
    `printf '%s,faultline-admin,faultline-admin,system:masters\\n' "$(param ${q(input.secrets.apiToken)})" > ${BOOT_PATHS.tokenFile}`,
    `install -m 0644 ${BOOT_PATHS.serverCaCert} ${tls}/server-ca.crt`,
    `param ${q(input.secrets.serverCaKey)} > ${tls}/server-ca.key`,
    'ca() {',
    `  openssl ecparam -name prime256v1 -genkey -noout -out ${tls}/"$1".key`,
    `  openssl req -x509 -new -key ${tls}/"$1".key -sha256 -days 3650 -subj "/CN=$2" -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign' -out ${tls}/"$1".crt`,
    '}',
    ...NODE_LOCAL_CAS.map(([file, cn]) => `ca ${file} ${cn}`),
    `openssl genrsa -out ${tls}/service.key 2048`,
    `curl -sfL ${q(input.k3sInstallScript)} | INSTALL_K3S_VERSION=${q(VERSIONS.k3s)} sh -s - server ` +
      `--write-kubeconfig-mode 0600 --tls-san ${q(input.tlsSan)} --kube-apiserver-arg=token-auth-file=${BOOT_PATHS.tokenFile}`,
  ];
  if (input.teleportProxy !== undefined) {
    lines.push(
      `TOKEN="$(param ${q(input.secrets.teleportJoinToken)})" awk '{ gsub("${TELEPORT_TOKEN_PLACEHOLDER}", ENVIRON["TOKEN"]); print }' ${BOOT_PATHS.teleportTemplate} > /etc/teleport.yaml`,
      `curl -fsSL ${q(`https://${input.teleportProxy}/scripts/install.sh`)} | bash`,
      'systemctl enable --now teleport',
    );
  }
  return `${lines.join('\n')}\n`;
}
