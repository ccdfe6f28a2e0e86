import { FaultlineError } from '../../../src/errors/index.js';
import type { StaleHostsEntryParams } from './params.js';

/** The line a stale-line-first hosts file gains (before the environment's block). */
export function staleLine(oldAddress: string): string {
  return `${oldAddress}\tstore\t# etcd before the storage migration (INFRA-77), keep until cutover`;
}

/**
 * /etc/hosts with `store` pointing at `oldAddress`: a stale line above the
 * environment's block (the first match wins), or the real line's address
 * edited in place. Throws FAULT_FAILED when the file has no `store` line.
 */
export function breakHosts(text: string, params: StaleHostsEntryParams, storeAddress: string, oldAddress: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => isStoreLine(line, storeAddress));
  if (at < 0) throw new FaultlineError('FAULT_FAILED', `stale-hosts-entry: /etc/hosts on app has no line for store at ${storeAddress}.`);
  if (params.variant === 'edited-in-place') {
    lines[at] = (lines[at] ?? '').replace(storeAddress, oldAddress);
  } else {
    const block = lines.findIndex((line) => line.startsWith('# faultline environment'));
    lines.splice(block >= 0 ? block : at, 0, staleLine(oldAddress), '');
  }
  return lines.join('\n');
}

/** `/etc/hosts` fixed the way a candidate would: stale lines for store removed, the store line's address corrected. */
export function repairHosts(text: string, storeAddress: string, oldAddress: string): string {
  return text
    .split('\n')
    .filter((line, i, all) => !(line.startsWith(`${oldAddress}\tstore\t#`) || (line === '' && all[i - 1]?.startsWith(`${oldAddress}\tstore\t#`))))
    .map((line) => (line.startsWith(`${oldAddress}\t`) && /\bstore\b/.test(line) ? line.replace(oldAddress, storeAddress) : line))
    .join('\n');
}

function isStoreLine(line: string, address: string): boolean {
  const [ip, ...names] = line.split(/\s+/);
  return ip === address && names.includes('store');
}

/** Bash on app: how `name` resolves (getent ahosts, first address) and each orders instance's etcd URL. */
export function resolutionScript(): string {
  return `set -u
for u in orders@1.service orders@2.service; do
  pid=$(systemctl show -p MainPID --value "$u")
  url=$( [ "\${pid:-0}" -gt 0 ] && tr '\\0' '\\n' < /proc/$pid/environ | sed -n 's/^ORDERS_ETCD_URL=//p')
  host=$(echo "$url" | sed -E 's#^[a-z]+://([^/:]+).*#\\1#')
  echo "$u url=\${url:-none} host=\${host:-none} resolves=$(getent ahostsv4 "\${host:-none}" 2>/dev/null | awk 'NR==1{print $1}')"
done
`;
}

/** One line of `resolutionScript` output. */
export interface InstanceResolution {
  readonly unit: string;
  readonly url: string;
  readonly host: string;
  readonly resolves: string;
}

/** Parse `resolutionScript` output. */
export function parseResolution(stdout: string): InstanceResolution[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+) url=(\S*) host=(\S*) resolves=(\S*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ unit: m[1] ?? '', url: m[2] ?? '', host: m[3] ?? '', resolves: m[4] ?? '' }));
}

/** True for a literal IPv4 or IPv6 address. */
export function isAddressLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');
}
