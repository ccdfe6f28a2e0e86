import { shellQuote } from '../../shared/exec-checked.js';

/** df and du of one mount, in bytes. */
export interface VolumeUsage {
  readonly size: number;
  readonly used: number;
  readonly avail: number;
  /** What `du -sb` counts: the files that still have a name. */
  readonly du: number;
}

/**
 * Fill `dataDir` through `file` (which a process holds open), until less
 * than 1% is free, then delete the file: the space stays allocated to the
 * open descriptor, so `df` says full while `du` sees almost nothing.
 * Waits up to 10 s for the file to appear. Exit 3: no file; exit 4: still
 * 1% or more free.
 */
export function fillAndDeleteScript(dataDir: string, file: string): string {
  const d = shellQuote(dataDir);
  const f = shellQuote(file);
  return `set -u
for i in $(seq 1 100); do [ -e ${f} ] && break; sleep 0.1; done
[ -e ${f} ] || { echo "trace log ${file} was not created" >&2; exit 3; }
avail() { df -B1 --output=avail ${d} | tail -n 1 | tr -d ' '; }
total=$(df -B1 --output=size ${d} | tail -n 1 | tr -d ' ')
for round in 1 2 3 4 5 6 7 8; do
  a=$(avail)
  [ "$a" -lt $((total / 100)) ] && break
  size=$(stat -c %s ${f})
  fallocate -o "$size" -l "$a" ${f} 2>/dev/null \\
    || fallocate -o "$size" -l $((a - 65536)) ${f} 2>/dev/null \\
    || head -c "$a" /dev/zero >> ${f} 2>/dev/null || true
done
# Top off the last pages (tmpfs allocates per page): write until ENOSPC.
cat /dev/zero >> ${f} 2>/dev/null || true
a=$(avail)
rm -f ${f}
echo "size=$total avail=$a"
[ "$a" -lt $((total / 100)) ] || { echo "${dataDir} still has $a of $total bytes free" >&2; exit 4; }
`;
}

/**
 * A full volume still takes appends that fit in the last page of a file
 * (tmpfs allocates per page): the orders journal keeps up to 4 KiB of slack,
 * so the API goes on answering 201 for a few dozen orders. POST an order to
 * each of `urls` per round (run on app, so the URLs are local) until every
 * one answers 507 in the same round, at most `rounds` rounds (a journal
 * line is ~115 bytes: a page takes ~35). Prints
 * `posts=N`; exit 5 when the API never refused.
 */
export function writeUntilRefusedScript(urls: readonly string[], rounds = 128): string {
  const list = urls.map(shellQuote).join(' ');
  return `set -u
posts=0
for round in $(seq 1 ${rounds}); do
  refused=0
  for url in ${list}; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST -H 'content-type: application/json' --data '{"item":"desk lamp","qty":1}' "$url")
    posts=$((posts + 1))
    [ "$code" = 507 ] && refused=$((refused + 1))
  done
  [ "$refused" -eq ${urls.length} ] && { echo "posts=$posts"; exit 0; }
done
echo "the orders API still took writes after $posts posts" >&2
exit 5
`;
}

/** Prints `size= used= avail=` (df) and `du=` for `dataDir`. */
export function volumeUsageScript(dataDir: string): string {
  const d = shellQuote(dataDir);
  return `set -u
df -B1 --output=size,used,avail ${d} | tail -n 1 | awk '{print "size=" $1 " used=" $2 " avail=" $3}'
echo "du=$(du -sb ${d} 2>/dev/null | cut -f1)"
`;
}

/** Parse the output of `volumeUsageScript`; undefined when a number is missing. */
export function parseVolumeUsage(stdout: string): VolumeUsage | undefined {
  const value = (key: string): number | undefined => {
    const match = new RegExp(`\\b${key}=(\\d+)`).exec(stdout);
    return match ? Number(match[1]) : undefined;
  };
  const [size, used, avail, du] = [value('size'), value('used'), value('avail'), value('du')];
  if (size === undefined || used === undefined || avail === undefined || du === undefined) return undefined;
  return { size, used, avail, du };
}

/** `df: 63.9 of 64.0 MiB used (0.1% free); du: 0.2 MiB`. */
export function describeVolumeUsage(usage: VolumeUsage): string {
  const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
  return `df: ${mib(usage.used)} of ${mib(usage.size)} MiB used (${freePercent(usage).toFixed(1)}% free); du: ${mib(usage.du)} MiB`;
}

/** Free space in percent of the volume size. */
export function freePercent(usage: VolumeUsage): number {
  return usage.size === 0 ? 0 : (100 * usage.avail) / usage.size;
}

/** Lists `/proc/<pid>/fd/<n> -> <path> (deleted)` for deleted files under `dataDir` that are still open. */
export function deletedOpenFilesScript(dataDir: string): string {
  return `find /proc/[0-9]*/fd -lname ${shellQuote(`${dataDir}/* (deleted)`)} -printf '%p -> %l\\n' 2>/dev/null || true\n`;
}

/** Lines count, hash of line 1, and hash of line `lineNo` (the last line when 0) of `file`. */
export function journalFingerprintScript(file: string, lineNo = 0): string {
  const f = shellQuote(file);
  return `set -u
[ -f ${f} ] || { echo "missing"; exit 0; }
n=$(wc -l < ${f})
at=${lineNo > 0 ? String(lineNo) : '$n'}
echo "lines=$n"
echo "first=$(sed -n 1p ${f} | sha256sum | cut -d' ' -f1)"
echo "at=$(sed -n "\${at}p" ${f} | sha256sum | cut -d' ' -f1)"
`;
}

/** The journal's shape at one moment. */
export interface JournalFingerprint {
  readonly lines: number;
  /** sha256 of the first line. */
  readonly first: string;
  /** sha256 of the line asked for (the last line when recording). */
  readonly at: string;
}

/** Parse `journalFingerprintScript` output; undefined when the journal is missing. */
export function parseJournalFingerprint(stdout: string): JournalFingerprint | undefined {
  const lines = /\blines=(\d+)/.exec(stdout)?.[1];
  const first = /\bfirst=([0-9a-f]{64})/.exec(stdout)?.[1];
  const at = /\bat=([0-9a-f]{64})/.exec(stdout)?.[1];
  if (lines === undefined || first === undefined || at === undefined) return undefined;
  return { lines: Number(lines), first, at };
}
