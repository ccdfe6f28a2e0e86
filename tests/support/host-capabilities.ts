import { execaSync } from 'execa';

/**
 * Whether this host can boot real environments: root, Linux, systemd-nspawn.
 * When it cannot, integration suites skip and say so loudly (CI runs as root
 * and has nspawn, so there they always run).
 */
export function nspawnUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  const probe = execaSync('sh', ['-c', 'command -v systemd-nspawn && command -v debootstrap'], { reject: false });
  if (probe.exitCode !== 0) return 'systemd-nspawn or debootstrap missing (apt-get install systemd-container debootstrap)';
  return undefined;
}

export function warnSkipped(suite: string, reason: string): void {
  process.stderr.write(`\n!!! SKIPPING ${suite}: ${reason}. These tests boot real machines and must run as root with systemd-nspawn.\n\n`);
}
