import { createHash } from 'node:crypto';

/**
 * The base image every machine boots from: Debian bookworm, minbase, plus
 * the packages below. Bump RECIPE_VERSION whenever the prepare script changes;
 * the cache key hashes both, so a new recipe builds a new image.
 */
export const RECIPE_VERSION = 4;
export const SUITE = 'bookworm';

export const IMAGE_PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'iproute2', 'iptables', 'curl', 'ca-certificates', 'procps',
  'less', 'vim-tiny', 'lsof', 'strace', 'tcpdump', 'dnsutils', 'openssl', 'iputils-ping', 'netcat-openbsd',
  'nginx-light', 'prometheus', 'prometheus-alertmanager', 'prometheus-node-exporter',
  'prometheus-blackbox-exporter', 'openssh-server', 'etcd-server', 'etcd-client', 'nodejs', 'sudo', 'jq',
  'systemd-journal-remote', 'psmisc',
] as const;

/**
 * Run in a chroot of the fresh rootfs. Leaves an image with no identity
 * (machine-id, host keys, hostname are seeded per machine). Services stay
 * enabled as Debian installs them; each role's upper dir masks the ones that
 * are not its own (src/stack/render/units.ts). Timers and gettys are
 * dropped: they only add noise inside a short-lived container.
 */
export const PREPARE_SCRIPT = `set -eu
rm -f /etc/ssh/ssh_host_*
: > /etc/machine-id
rm -f /var/lib/dbus/machine-id
: > /etc/hostname
find /etc/systemd/system -path '*.wants/*' -type l \\( -name '*.timer' -o -name 'getty@*' \\) -delete
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log /var/log/apt/*
mkdir -p /opt/faultline /var/lib/faultline /etc/faultline
`;

export interface RecipeOptions {
  /** debootstrap mirror; undefined uses debootstrap's default. */
  readonly mirror?: string | undefined;
}

/** Cache key of the image this recipe builds. */
export function imageKey(options: RecipeOptions = {}): string {
  const material = JSON.stringify({ RECIPE_VERSION, SUITE, IMAGE_PACKAGES, PREPARE_SCRIPT, mirror: options.mirror ?? null });
  return `${SUITE}-${createHash('sha256').update(material).digest('hex').slice(0, 12)}`;
}
