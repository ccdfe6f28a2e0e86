#!/usr/bin/env bash
# Host packages the test suite uses as real parts (promtool, nginx, etcd,
# sshd, amtool, blackbox exporter, systemd-nspawn, debootstrap, chromium for
# the HTML report's browser tests, …).
# Installs the missing ones with apt-get when run as root; otherwise names them.
# Runs before `npm test` (the "pretest" script) and from .ci/run.
set -euo pipefail

declare -A PKG_FOR=(
  [systemd-nspawn]=systemd-container [debootstrap]=debootstrap [ip]=iproute2 [iptables]=iptables
  [nsenter]=util-linux [flock]=util-linux [script]=bsdutils [openssl]=openssl [ssh]=openssh-client [sshd]=openssh-server
  [promtool]=prometheus [amtool]=prometheus-alertmanager [prometheus-blackbox-exporter]=prometheus-blackbox-exporter
  [nginx]=nginx-light [etcd]=etcd-server [curl]=curl [visudo]=sudo [systemd-analyze]=systemd
  [/lib/systemd/systemd-journal-remote]=systemd-journal-remote
  [/usr/bin/chromium]=chromium
  [mkfs.ext4]=e2fsprogs [losetup]=mount [setcap]=libcap2-bin [getcap]=libcap2-bin [unshare]=util-linux
  [systemd-socket-activate]=systemd
  [/lib/systemd/systemd-socket-proxyd]=systemd [ip6tables]=iptables
)

missing=()
for cmd in "${!PKG_FOR[@]}"; do
  if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]] && continue; else PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 && continue; fi
  missing+=("${PKG_FOR[$cmd]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "test-deps: missing host packages: ${missing[*]} (install them as root, e.g. apt-get install ${missing[*]})" >&2
  exit 0  # the suites that need them skip loudly
fi

echo "test-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Keep Debian's maintainer scripts from starting nginx/prometheus/etcd/sshd on this host.
policy=/usr/sbin/policy-rc.d
had_policy=0; [[ -e $policy ]] && had_policy=1
[[ $had_policy -eq 1 ]] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/faultline-test-deps.log 2>&1 || { tail -20 /tmp/faultline-test-deps.log >&2; exit 1; }
[[ $had_policy -eq 1 ]] || rm -f "$policy"
