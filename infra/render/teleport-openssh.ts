/**
 * Teleport agentless mode on the aws node (`teleport.aws.mode: agentless`):
 * instead of installing the agent, cloud-init makes the node's own sshd an
 * agentless OpenSSH node. It trusts Teleport's OpenSSH user CA for the
 * candidate login only (AuthorizedPrincipalsFile) and presents a host
 * certificate signed by Teleport's host CA next to its own host keys. No
 * agent, no join token, no outbound connection from the node: the proxy
 * dials in on port 22. The host key and certificate are not in the user
 * data: the program puts them into SSM (SecureString) and the script below
 * reads them at boot with the instance role, like the other node secrets.
 * The node resource (kind node, sub_kind openssh) is created from the
 * faultline host with tctl (src/engine/access/teleport-aws.ts). Pure rendering.
 */
export interface TeleportOpenSshInput {
  /** TrustedUserCAKeys content: `tctl auth export --type=openssh`, cert-authority prefix removed (public). */
  readonly userCaKeys: string;
  /** The Teleport login that maps to the `candidate` account. */
  readonly login: string;
  /** Region of the SSM reads. */
  readonly region: string;
  /** SSM parameters (SecureString) holding the host private key and its certificate. */
  readonly hostKeyParam: string;
  readonly hostCertParam: string;
}

/** What the hook in cloud-init.ts merges into the user data. */
export interface CloudInitPart {
  readonly files: { path: string; permissions: string; content: string }[];
  readonly commands: string[][];
}

export const TELEPORT_OPENSSH_PATHS = {
  dropIn: '/etc/ssh/sshd_config.d/10-teleport-agentless.conf',
  userCa: '/etc/ssh/teleport_openssh_ca.pub',
  principalsDir: '/etc/ssh/auth_principals',
  hostKey: '/etc/ssh/teleport_host_key',
  hostCert: '/etc/ssh/teleport_host_key-cert.pub',
  /** Boot script: host key and certificate from SSM, then sshd checked and restarted. */
  script: '/usr/local/sbin/faultline-teleport-sshd',
} as const;

const LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Files and commands for an agentless node. The distribution's own host keys
 * are named first: naming any HostKey stops sshd loading the defaults.
 */
export function renderTeleportOpenSsh(input: TeleportOpenSshInput): CloudInitPart {
  if (!LOGIN.test(input.login)) throw new Error(`Teleport login ${JSON.stringify(input.login)} cannot be a principal.`);
  const paths = TELEPORT_OPENSSH_PATHS;
  const dropIn = [
    '# Managed by faultline: Teleport agentless OpenSSH node.',
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'HostKey /etc/ssh/ssh_host_ecdsa_key',
    'HostKey /etc/ssh/ssh_host_rsa_key',
    `HostKey ${paths.hostKey}`,
    `HostCertificate ${paths.hostCert}`,
    `TrustedUserCAKeys ${paths.userCa}`,
    `AuthorizedPrincipalsFile ${paths.principalsDir}/%u`,
    '',
  ].join('\n');
  const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    files: [
      { path: paths.userCa, permissions: '0644', content: withNewline(input.userCaKeys) },
      { path: `${paths.principalsDir}/candidate`, permissions: '0644', content: `${input.login}\n` },
      { path: paths.dropIn, permissions: '0644', content: dropIn },
      { path: paths.script, permissions: '0700', content: renderTeleportSshdScript(input) },
    ],
    commands: [[paths.script]],
  };
}

/**
 * The boot script: fetch the host key (0600) and certificate from SSM, check
 * both with ssh-keygen and the whole sshd configuration with `sshd -t`
 * before restarting, so a broken drop-in, key or certificate never takes the
 * node's sshd down (the candidate's plain SSH
 * keeps working and the error is in cloud-init-output.log).
 */
function renderTeleportSshdScript(input: TeleportOpenSshInput): string {
  const paths = TELEPORT_OPENSSH_PATHS;
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    'umask 077',
    `param() { aws ssm get-parameter --region ${q(input.region)} --with-decryption --name "$1" --query Parameter.Value --output text; }`,
    `param ${q(input.hostKeyParam)} > ${paths.hostKey}.new`,
    `param ${q(input.hostCertParam)} > ${paths.hostCert}.new`,
    `chmod 0600 ${paths.hostKey}.new`,
    `chmod 0644 ${paths.hostCert}.new`,
    // sshd -t only warns about an unreadable host certificate: check both before they replace anything.
    `ssh-keygen -y -f ${paths.hostKey}.new > /dev/null`,
    `ssh-keygen -L -f ${paths.hostCert}.new > /dev/null`,
    `mv -f ${paths.hostKey}.new ${paths.hostKey}`,
    `mv -f ${paths.hostCert}.new ${paths.hostCert}`,
    'sshd -t',
    'systemctl restart ssh',
    '',
  ].join('\n');
}
