import { shellQuote } from './exec-checked.js';

/** One `Key=value` line of a unit's configuration, with the file it is in. */
export interface SettingLine {
  readonly path: string;
  readonly value: string;
}

/** What a unit's configuration says about one setting. */
export interface PersistentSetting {
  /** The value the unit gets after a reboot (last line outside /run; '' resets to the default); undefined when no file sets it. */
  readonly value: string | undefined;
  /** Lines only in /run (`systemctl set-property --runtime`, `systemctl edit --runtime`): lost at the next boot. */
  readonly runtime: readonly SettingLine[];
  readonly lines: readonly SettingLine[];
}

/**
 * Bash printing `path<TAB>value` for every `key=` line of `unit`'s fragment
 * and drop-ins, in the order systemd applies them (DropInPaths is sorted by
 * file name across every drop-in directory).
 */
export function settingLinesScript(unit: string, key: string): string {
  const u = shellQuote(unit);
  return `set -u
for f in $(systemctl show -p FragmentPath --value ${u}) $(systemctl show -p DropInPaths --value ${u}); do
  [ -f "$f" ] || continue
  sed -n 's/^[[:space:]]*${key}=[[:space:]]*//p' "$f" | while IFS= read -r v; do printf '%s\\t%s\\n' "$f" "$v"; done
done
`;
}

/** Parse `settingLinesScript` output: the last line outside /run wins. */
export function parsePersistentSetting(stdout: string): PersistentSetting {
  const lines = stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => ({ path: line.slice(0, line.indexOf('\t')), value: line.slice(line.indexOf('\t') + 1).trim() }));
  const persistent = lines.filter((line) => !line.path.startsWith('/run/'));
  return { value: persistent.at(-1)?.value, runtime: lines.filter((line) => line.path.startsWith('/run/')), lines };
}

/** Evidence text: where the setting comes from. */
export function describeSetting(key: string, setting: PersistentSetting): string {
  if (setting.lines.length === 0) return `no ${key}= in the unit's files`;
  return setting.lines.map((line) => `${line.path}: ${key}=${line.value}`).join('; ');
}
