import { FaultlineError } from '../errors/index.js';
import { ACCESS_PATHS, CANDIDATE_USER } from './access-paths.js';

export interface SshdConfigOptions {
  /** The only user allowed in (default `candidate`). */
  readonly user?: string;
  readonly hostKeyPath?: string;
  readonly authorizedKeysDir?: string;
  /** Recorder run for every session; unset disables recording (tests only). */
  readonly forceCommand?: string | null;
  /**
   * `local` lets `ssh -J` / ProxyJump and `-L` port forwards through
   * (direct-tcpip channels); `no` forbids them. The edge needs `local`.
   */
  readonly allowTcpForwarding?: 'local' | 'no';
  /**
   * Certificate logins (Teleport agentless nodes): trust this user CA file, and map certificates to
   * accounts only through `<authorizedPrincipalsDir>/%u`, so only the principals listed there get in.
   */
  readonly trustedUserCa?: { readonly caKeysPath: string; readonly authorizedPrincipalsDir: string };
  /** A second host key with its CA-signed certificate (HostCertificate), offered next to the plain one. */
  readonly hostCertificate?: { readonly keyPath: string; readonly certPath: string };
}

/**
 * Render `/etc/ssh/sshd_config.d/faultline.conf`. Debian's sshd_config
 * includes the drop-ins before its own settings and sshd keeps the first
 * value it reads, so these override the distribution defaults. Only the
 * ed25519 host key is named, so the shared keys debootstrap left in the image
 * are never offered.
 */
export function renderSshdConfig(options: SshdConfigOptions = {}): string {
  const user = options.user ?? CANDIDATE_USER;
  assertSafeToken('user', user, /^[a-z_][a-z0-9_-]{0,31}$/);
  const authorizedKeysDir = options.authorizedKeysDir ?? ACCESS_PATHS.authorizedKeysDir;
  const hostKeyPath = options.hostKeyPath ?? ACCESS_PATHS.hostKey;
  const forceCommand = options.forceCommand === undefined ? ACCESS_PATHS.sessionWrapper : options.forceCommand;
  const paths: [string, string][] = [['authorizedKeysDir', authorizedKeysDir], ['hostKeyPath', hostKeyPath], ['forceCommand', forceCommand ?? '/']];
  if (options.trustedUserCa) paths.push(['caKeysPath', options.trustedUserCa.caKeysPath], ['authorizedPrincipalsDir', options.trustedUserCa.authorizedPrincipalsDir]);
  if (options.hostCertificate) paths.push(['hostCertificate.keyPath', options.hostCertificate.keyPath], ['hostCertificate.certPath', options.hostCertificate.certPath]);
  for (const [what, path] of paths) assertSafeToken(what, path, /^\/[A-Za-z0-9._/-]*$/);
  const lines = [
    '# Managed by faultline: candidate access. Changing this file changes what the interview records.',
    `HostKey ${hostKeyPath}`,
    // The plain ed25519 key comes first: sshd offers the first key of a type for plain algorithms,
    // and the certificate (matched to its key by sshd) for the *-cert-v01 algorithms.
    ...(options.hostCertificate ? [`HostKey ${options.hostCertificate.keyPath}`, `HostCertificate ${options.hostCertificate.certPath}`] : []),
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitEmptyPasswords no',
    'PermitRootLogin no',
    `AllowUsers ${user}`,
    `AuthorizedKeysFile ${authorizedKeysDir}/%u`,
    ...(options.trustedUserCa
      ? [`TrustedUserCAKeys ${options.trustedUserCa.caKeysPath}`, `AuthorizedPrincipalsFile ${options.trustedUserCa.authorizedPrincipalsDir}/%u`]
      : []),
    'PermitUserEnvironment no',
    'AllowAgentForwarding no',
    `AllowTcpForwarding ${options.allowTcpForwarding ?? 'local'}`,
    'X11Forwarding no',
    'PermitTunnel no',
    // Log the key fingerprint of each login, and notice dead clients so sessions end.
    'LogLevel VERBOSE',
    'ClientAliveInterval 30',
    'ClientAliveCountMax 4',
  ];
  if (forceCommand !== null) lines.push(`ForceCommand ${forceCommand}`);
  return `${lines.join('\n')}\n`;
}

/** Render the authorized_keys file for the candidate: the environment's one public key. */
export function renderAuthorizedKeys(publicKey: string): string {
  const line = publicKey.trim();
  if (!/^ssh-ed25519 [A-Za-z0-9+/=]+( [^\n]*)?$/.test(line)) {
    throw new FaultlineError('INVALID_PARAMS', 'The candidate public key is not a single ssh-ed25519 line.', {
      details: [line.slice(0, 80)],
    });
  }
  return `${line}\n`;
}

/**
 * AuthorizedPrincipalsFile for one account: the certificate principals that may log in as it, one a
 * line. Only these: sshd refuses a CA-signed certificate whose principals are all elsewhere.
 */
export function renderAuthorizedPrincipals(principals: readonly string[]): string {
  if (principals.length === 0) throw new FaultlineError('INVALID_PARAMS', 'An AuthorizedPrincipalsFile needs at least one principal.');
  for (const principal of principals) assertSafeToken('principal', principal, /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/);
  return `${principals.join('\n')}\n`;
}

/** `/etc/sudoers.d/candidate`: passwordless sudo (install with mode 0440, owned by root). */
export function renderSudoers(user = CANDIDATE_USER): string {
  assertSafeToken('user', user, /^[a-z_][a-z0-9_-]{0,31}$/);
  return `# Managed by faultline: the candidate is root-equivalent on purpose.\n${user} ALL=(ALL:ALL) NOPASSWD:ALL\n`;
}

function assertSafeToken(what: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) {
    throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} is not allowed in sshd_config (expected ${pattern.source}).`);
  }
}
