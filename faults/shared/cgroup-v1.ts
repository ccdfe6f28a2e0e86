import { shellQuote } from './exec-checked.js';

/** One cgroup on the path from a process's cgroup up to the machine's root, with the files read there. */
export interface CgroupLevel {
  /** Path inside the machine's cgroup namespace ('/' is the machine's own cgroup). */
  readonly path: string;
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Bash printing, for the main process of `unit`, `path<TAB>file<TAB>value`
 * for each of `files` in its cgroup of v1 hierarchy `hierarchy` and every
 * ancestor up to the machine's root (the kernel's own files: what is in force).
 */
export function cgroupChainScript(unit: string, hierarchy: string, files: readonly string[]): string {
  return `set -u
pid=$(systemctl show -p MainPID --value ${shellQuote(unit)})
[ "\${pid:-0}" -gt 0 ] || exit 0
path=$(awk -F: '$2 == "${hierarchy}" { print $3 }' /proc/$pid/cgroup)
[ -n "$path" ] || exit 0
while :; do
  for f in ${files.join(' ')}; do
    v=$(tr '\\n' ' ' < /sys/fs/cgroup/${hierarchy}\${path%/}/$f 2>/dev/null) && printf '%s\\t%s\\t%s\\n' "$path" "$f" "$v"
  done
  [ "$path" = / ] && break
  path=$(dirname "$path")
done
`;
}

/** Parse `cgroupChainScript` output, innermost cgroup first. */
export function parseCgroupChain(stdout: string): CgroupLevel[] {
  const levels: { path: string; files: Record<string, string> }[] = [];
  for (const line of stdout.split('\n')) {
    const [path, file, value] = line.split('\t');
    if (path === undefined || file === undefined || value === undefined) continue;
    let level = levels.at(-1);
    if (level?.path !== path) {
      level = { path, files: {} };
      levels.push(level);
    }
    level.files[file] = value.trim();
  }
  return levels;
}

/** Fields of a `key value` per line file (cpu.stat, memory.oom_control, memory.stat), flattened to one line by the script. */
export function parseKeyedCounters(text: string | undefined): Map<string, number> {
  const counters = new Map<string, number>();
  const words = (text ?? '').trim().split(/\s+/);
  for (let index = 0; index + 1 < words.length; index += 2) counters.set(words[index] as string, Number(words[index + 1]));
  return counters;
}
