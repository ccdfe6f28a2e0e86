import { PATHS } from '../../../src/stack/topology.js';
import type { HardeningDropInParams } from './params.js';

/** The syscall groups the template denies; @sync (fsync, fdatasync, …) is the one orders needs. */
export const DENIED_SYSCALL_GROUPS = '@module @mount @reboot @swap @sync';

/** The security team's template, with the one line that breaks orders. */
export function renderHardeningDropIn(params: HardeningDropInParams): string {
  const breaking =
    params.variant === 'protect-system'
      ? ['ProtectSystem=strict']
      : ['# Services never need to flush or remount the host.', `SystemCallFilter=~${DENIED_SYSCALL_GROUPS}`];
  return ['# SEC-240 service hardening baseline (platform template v3).', '[Service]', 'PrivateTmp=yes', 'ProtectHome=yes', 'RestrictSUIDSGID=yes', ...breaking, ''].join('\n');
}

/** How a candidate fixes it while keeping the hardening: allow what orders needs. */
export function renderAllowance(params: HardeningDropInParams): string {
  return params.variant === 'protect-system'
    ? ['[Service]', `ReadWritePaths=${PATHS.appData}`, ''].join('\n')
    : ['[Service]', '# orders fsyncs every order to its journal.', 'SystemCallFilter=@sync', ''].join('\n');
}

/** Bash printing the hardening in force for `unit`'s main process and for PID 1 (for comparison). */
export function hardeningStateScript(unit: string, dataDir: string = PATHS.appData): string {
  return `set -u
pid=$(systemctl show -p MainPID --value ${unit})
systemctl show -p ProtectSystem -p NRestarts ${unit}
echo "SystemCallFilterSet=$(systemctl show -p SystemCallFilter --value ${unit} | grep -q '[a-z]' && echo yes || echo no)"
echo "Pid1Filters=$(awk '/^Seccomp_filters:/{print $2}' /proc/1/status)"
if [ "\${pid:-0}" -gt 0 ]; then
  echo "ProcessFilters=$(awk '/^Seccomp_filters:/{print $2}' /proc/$pid/status)"
  echo "RootOptions=$(findmnt -N "$pid" -no OPTIONS / | cut -d, -f1)"
  echo "DataOptions=$(findmnt -N "$pid" -no OPTIONS -T ${dataDir} | cut -d, -f1)"
fi
`;
}
