import { execa } from 'execa';
import { FaultlineError } from '../../errors/index.js';

/** Host commands the local target runs, and the Debian package that ships each. */
export const HOST_COMMANDS: Readonly<Record<string, string>> = {
  'systemd-nspawn': 'systemd-container',
  debootstrap: 'debootstrap',
  ip: 'iproute2',
  iptables: 'iptables',
  ip6tables: 'iptables',
  // Judging probes run the host's curl in a machine's network namespace (Executor.trusted).
  curl: 'curl',
  // The candidate's SSH port is published by a userspace forwarder (src/access/port-publish.ts).
  'systemd-socket-activate': 'systemd',
  '/lib/systemd/systemd-socket-proxyd': 'systemd',
  nsenter: 'util-linux',
  openssl: 'openssl',
  'ssh-keygen': 'openssh-client',
  ssh: 'openssh-client',
  mount: 'mount',
};

async function hasCommand(name: string): Promise<boolean> {
  const result = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  return result.exitCode === 0;
}

/** Packages whose commands are missing on this host. */
export async function missingHostPackages(): Promise<string[]> {
  const missing = new Set<string>();
  for (const [command, pkg] of Object.entries(HOST_COMMANDS)) if (!(await hasCommand(command))) missing.add(pkg);
  return [...missing].sort();
}

/**
 * Make sure the host can run the local target: root, Linux, and the packages
 * above (installed with apt-get when missing and we are root on a Debian-like
 * host; otherwise a clear error naming them).
 */
export async function ensureHostRequirements(progress: (line: string) => void): Promise<void> {
  if (process.platform !== 'linux') {
    throw new FaultlineError('PREFLIGHT', 'The local target needs Linux (systemd-nspawn).', {
      hint: 'Use --target aws or --target kubernetes from other systems.',
    });
  }
  if (process.getuid?.() !== 0) {
    throw new FaultlineError('NOT_ROOT', 'The local target needs root (it creates bridges, cgroups and containers).', {
      hint: 'Run faultline with sudo, as root.',
    });
  }
  const missing = await missingHostPackages();
  if (missing.length === 0) return;
  if (!(await hasCommand('apt-get'))) {
    throw new FaultlineError('MISSING_HOST_PACKAGES', `Missing host packages: ${missing.join(', ')}.`, {
      hint: `Install them with your package manager (${missing.join(' ')}) and run again.`,
    });
  }
  progress(`installing host packages: ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const update = await execa('apt-get', ['update', '-qq'], { reject: false, env });
  const install = await execa('apt-get', ['install', '-y', '-qq', ...missing], { reject: false, env });
  if (update.exitCode !== 0 || install.exitCode !== 0 || (await missingHostPackages()).length > 0) {
    throw new FaultlineError('MISSING_HOST_PACKAGES', `Could not install host packages: ${missing.join(', ')}.`, {
      details: String(install.stderr || update.stderr).split('\n').slice(-5),
      hint: `Install them by hand (apt-get install ${missing.join(' ')}) and run again.`,
    });
  }
}
