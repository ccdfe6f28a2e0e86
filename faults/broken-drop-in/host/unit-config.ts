import { shellQuote } from '../../shared/exec-checked.js';
import { parseSystemctlShow, showValue } from '../../shared/systemd-unit.js';

/**
 * Bash printing the loaded configuration of `unit` that decides whether it
 * can start: LoadState, every ExecStart=, User=, EnvironmentFiles= — and, for
 * the user and each required environment file, whether it exists.
 */
export function unitConfigScript(unit: string): string {
  const u = shellQuote(unit);
  return `set -u
systemctl show -p LoadState -p ExecStart -p User -p EnvironmentFiles ${u}
user=$(systemctl show -p User --value ${u})
if [ -n "$user" ]; then getent passwd "$user" >/dev/null && echo "UserExists=yes" || echo "UserExists=no"; fi
systemctl show -p EnvironmentFiles --value ${u} | while read -r path flag; do
  [ -z "$path" ] && continue
  case "$flag" in *ignore_errors=yes*) continue;; esac
  [ -r "$path" ] && echo "EnvFileExists=$path yes" || echo "EnvFileExists=$path no"
done
`;
}

/** Why the loaded unit configuration cannot start the service (empty when it can). */
export function unitConfigProblems(stdout: string, expectedUser: string): string[] {
  const show = parseSystemctlShow(stdout);
  const problems: string[] = [];
  const load = showValue(show, 'LoadState');
  if (load !== 'loaded') problems.push(`LoadState=${load || '?'}`);
  const execStarts = (show.get('ExecStart') ?? []).filter((v) => v.trim() !== '');
  if (execStarts.length !== 1) problems.push(`${execStarts.length} ExecStart= commands (a Type=simple service needs exactly one)`);
  const user = showValue(show, 'User');
  if (showValue(show, 'UserExists') === 'no') problems.push(`User=${user} does not exist`);
  else if (user !== expectedUser) problems.push(`User=${user || '(root)'}, not ${expectedUser} (the owner of the data volume)`);
  for (const line of show.get('EnvFileExists') ?? []) {
    const [path, exists] = line.split(' ');
    if (exists !== 'yes') problems.push(`EnvironmentFile=${path ?? '?'} does not exist`);
  }
  return problems;
}

/** One-line summary of the loaded config, for evidence. */
export function describeUnitConfig(stdout: string): string {
  const show = parseSystemctlShow(stdout);
  const execStarts = (show.get('ExecStart') ?? []).map((v) => /argv\[\]=([^;]*)/.exec(v)?.[1]?.trim() ?? v);
  return [
    `LoadState=${showValue(show, 'LoadState')}`,
    `ExecStart=${execStarts.join(' + ') || '(none)'}`,
    `User=${showValue(show, 'User') || '(root)'}`,
    `EnvironmentFiles=${(show.get('EnvironmentFiles') ?? []).join(', ') || '(none)'}`,
  ].join('; ');
}
