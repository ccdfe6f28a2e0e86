import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { findExecutable } from '../../utils/find-executable.js';
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
  flock: 'util-linux',
  openssl: 'openssl',
  'ssh-keygen': 'openssh-client',
  ssh: 'openssh-client',
  mount: 'mount',
  losetup: 'mount',
  'mkfs.ext4': 'e2fsprogs',
  getcap: 'libcap2-bin',
  setcap: 'libcap2-bin',
  unshare: 'util-linux',
};

/** Looked up on PATH in-process: ~20 `sh -c command -v` probes cost half a second of every `up`. */
async function hasCommand(name: string): Promise<boolean> {
  return (await findExecutable(name)) !== undefined;
}

/** Packages whose commands are missing on this host. */
export async function missingHostPackages(): Promise<string[]> {
  const missing = new Set<string>();
  const found = await Promise.all(Object.keys(HOST_COMMANDS).map(hasCommand));
  Object.values(HOST_COMMANDS).forEach((pkg, index) => found[index] || missing.add(pkg));
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

/** Why this host cannot create user namespaces, or undefined when it can. */
export async function userNamespaceProblem(): Promise<string | undefined> {
  if (!existsSync('/proc/self/ns/user')) return 'the kernel has no user namespaces (CONFIG_USER_NS is off)';
  const max = Number.parseInt(await readFile('/proc/sys/user/max_user_namespaces', 'utf8').catch(() => '1'), 10);
  if (max === 0) return 'user namespaces are disabled (sysctl user.max_user_namespaces = 0)';
  const probe = await execa('unshare', ['--user', '--map-root-user', 'true'], { reject: false });
  if (probe.exitCode !== 0) return `creating a user namespace failed (unshare --user: ${String(probe.stderr).trim() || `exit ${probe.exitCode}`})`;
  return undefined;
}

/**
 * Machines run in a user namespace unless config opts out; refuse before
 * anything is created when the host cannot do it.
 */
export async function ensureUserNamespaces(): Promise<void> {
  const problem = await userNamespaceProblem();
  if (!problem) return;
  throw new FaultlineError('USERNS_UNAVAILABLE', `Machines cannot run in a user namespace on this host: ${problem}.`, {
    hint:
      'Enable user namespaces (a kernel with CONFIG_USER_NS=y; sysctl user.max_user_namespaces > 0), or set ' +
      '`local.userNamespace: false` in config.yaml — then root inside a machine is root on this host (see README, security model).',
  });
}
