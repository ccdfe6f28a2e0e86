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
  for (const [what, path] of [['authorizedKeysDir', authorizedKeysDir], ['hostKeyPath', hostKeyPath], ['forceCommand', forceCommand ?? '/']] as const) {
    assertSafeToken(what, path, /^\/[A-Za-z0-9._/-]*$/);
  }
  const lines = [
    '# Managed by faultline: candidate access. Changing this file changes what the interview records.',
    `HostKey ${hostKeyPath}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitEmptyPasswords no',
    'PermitRootLogin no',
    `AllowUsers ${user}`,
    `AuthorizedKeysFile ${authorizedKeysDir}/%u`,
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
