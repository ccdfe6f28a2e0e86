/**
 * Where candidate access lives inside every machine. One place, so the
 * renderers, the recorder and the session collector agree.
 */
export const ACCESS_PATHS = {
  /** sshd drop-in; Debian's sshd_config includes sshd_config.d/*.conf first, so these values win. */
  sshdDropIn: '/etc/ssh/sshd_config.d/faultline.conf',
  /** Root-owned authorized keys, one file per user (`%u`), so the candidate cannot swap the key out without sudo. */
  authorizedKeysDir: '/etc/ssh/authorized_keys',
  hostKey: '/etc/ssh/ssh_host_ed25519_key',
  sudoers: '/etc/sudoers.d/candidate',
  /** The ForceCommand that records every session. */
  sessionWrapper: '/usr/local/sbin/faultline-session',
  /** Recordings: `<id>.{out,in,timing,meta.json}`; mode 1733 so users can add but not list or delete. */
  sessionsDir: '/var/log/faultline/sessions',
  /** Login PATH with sbin, so `ip`, `ss`, `iptables` work for the candidate as on a real admin box. */
  profileScript: '/etc/profile.d/faultline.sh',
  /** Teleport's OpenSSH user CA (TrustedUserCAKeys), when Teleport is configured. */
  teleportUserCa: '/etc/ssh/teleport_openssh_ca.pub',
  /** AuthorizedPrincipalsFile per user (`%u`): only the principals listed map to that account. */
  authorizedPrincipalsDir: '/etc/ssh/auth_principals',
  /** The bastion's Teleport-signed host key and certificate (HostKey + HostCertificate). */
  teleportHostKey: '/etc/ssh/teleport_host_key',
  teleportHostCert: '/etc/ssh/teleport_host_key-cert.pub',
} as const;

/** The one user candidates log in as. */
export const CANDIDATE_USER = 'candidate';
