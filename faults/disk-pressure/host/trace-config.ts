import { PORTS } from '../../../src/stack/topology.js';
import { shellQuote } from '../../shared/exec-checked.js';

/**
 * For every orders instance, print its unit environment, drop-in paths and
 * the ORDERS_TRACE_* variables of the running process (`/proc/<pid>/environ`).
 */
export function traceConfigScript(): string {
  const units = PORTS.appInstances.map((_, i) => `orders@${i + 1}.service`);
  return `set -u
for u in ${units.map(shellQuote).join(' ')}; do
  echo "$u unit: $(systemctl show -p Environment --value "$u")"
  echo "$u drop-ins: $(systemctl show -p DropInPaths --value "$u")"
  pid=$(systemctl show -p MainPID --value "$u")
  if [ "\${pid:-0}" -gt 0 ] && [ -r /proc/$pid/environ ]; then
    echo "$u process $pid: $(tr '\\0' '\\n' < /proc/$pid/environ | grep '^ORDERS_TRACE' | tr '\\n' ' ')"
  else
    echo "$u process: not running"
  fi
done
`;
}

/** Lines of `traceConfigScript` output that send a trace log into `dataDir`. */
export function findTraceLogsOnVolume(stdout: string, dataDir: string): string[] {
  const pattern = new RegExp(`ORDERS_TRACE_LOG=${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
  return stdout.split('\n').filter((line) => pattern.test(line));
}
