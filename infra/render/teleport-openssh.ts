/**
 * Teleport agentless mode on the aws node (`teleport.aws.mode: agentless`):
 * instead of installing the agent, cloud-init makes the node's own sshd an
 * agentless OpenSSH node. It trusts Teleport's OpenSSH user CA for the
 * candidate login only (AuthorizedPrincipalsFile) and presents a host
 * certificate signed by Teleport's host CA next to its own host keys. No
 * agent, no join token, no outbound connection from the node: the proxy
 * dials in on port 22. The node resource (kind node, sub_kind openssh) is
 * created from the faultline host with tctl (src/access/teleport-openssh.ts).
 * Pure rendering; the same paths and principal rules as the local target.
 */
export interface TeleportOpenSshInput {
  /** TrustedUserCAKeys content: `tctl auth export --type=openssh`, cert-authority prefix removed. */
  readonly userCaKeys: string;
  /** The Teleport login that maps to the `candidate` account. */
  readonly login: string;
  /** Host key and certificate from `tctl auth sign --format=openssh --host=<uuid>,env-<id>[,addr]`. */
  readonly hostCertificate: { readonly privateKey: string; readonly certificate: string };
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
} as const;

/**
 * Files and commands for an agentless node. The distribution's own host keys
 * are named first: naming any HostKey stops sshd loading the defaults.
 */
export function renderTeleportOpenSsh(input: TeleportOpenSshInput): CloudInitPart {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/.test(input.login)) throw new Error(`Teleport login ${JSON.stringify(input.login)} cannot be a principal.`);
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
      { path: paths.hostKey, permissions: '0600', content: withNewline(input.hostCertificate.privateKey) },
      { path: paths.hostCert, permissions: '0644', content: withNewline(input.hostCertificate.certificate) },
      { path: paths.dropIn, permissions: '0644', content: dropIn },
    ],
    // Check before restarting: a broken drop-in must not take the node's sshd down.
    commands: [['sh', '-c', 'sshd -t && systemctl restart ssh']],
  };
}
