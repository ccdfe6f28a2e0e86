import { PATHS } from '../../../src/stack/topology.js';
import { shellQuote } from '../../shared/exec-checked.js';
import { WRITERS, type InodeExhaustionParams } from './params.js';

/** What each writer claims to be, for its unit's Description. */
const DESCRIPTIONS: Record<InodeExhaustionParams['writer'], string> = {
  'orders-session-cache': 'Checkout session cache for the orders API',
  'orders-receipt-spool': 'Receipt spool for the orders API (mailer picks them up)',
  'orders-render-cache': 'Rendered order-page cache for the orders API',
};

/** The directory the writer fills, inside the data volume. */
export function cacheDir(params: Pick<InodeExhaustionParams, 'writer'>, dataDir: string = PATHS.appData): string {
  return `${dataDir}/${WRITERS[params.writer]}`;
}

/** The top directory under the data volume that inject creates (what revert removes). */
export function cacheRoot(params: Pick<InodeExhaustionParams, 'writer'>, dataDir: string = PATHS.appData): string {
  return `${dataDir}/${WRITERS[params.writer].split('/')[0] ?? ''}`;
}

export function writerScriptPath(params: Pick<InodeExhaustionParams, 'writer'>): string {
  return `/usr/local/bin/${params.writer}`;
}

export function writerUnitPath(params: Pick<InodeExhaustionParams, 'writer'>): string {
  return `/etc/systemd/system/${params.writer}.service`;
}

/**
 * Bash shared by the writer and the pre-fill: `write_entry` writes one
 * small file named by a counter and $RANDOM, in one directory (flat) or
 * under a two-hex-digit sub-directory (hashed); it fails when the file
 * cannot be created.
 */
function entryFunction(): string {
  return `printf -v payload '%*s' "$bytes" ''
n=0
write_entry() {
  printf -v id '%04x%04x%06x' $RANDOM $RANDOM $n
  n=$((n + 1))
  sub=$dir
  if [ "$layout" = hashed ]; then sub=$dir/\${id:0:2}; [ -d "$sub" ] || mkdir "$sub" || return 1; fi
  printf '%s' "$payload" > "$sub/$id"
}`;
}

/**
 * The cache writer: about 20 small files a second, forever, with no
 * expiry. Failed writes are logged at most every 10 s with the errno text.
 */
export function renderWriterScript(params: InodeExhaustionParams): string {
  return `#!/bin/bash
# ${params.writer}: ${DESCRIPTIONS[params.writer]}.
# Keeps one small file per entry so a restarted orders instance starts warm.
# TODO(ops-877): expiry; the nightly cleanup cron was not carried over in the migration.
set -u
dir=\${CACHE_DIR:?CACHE_DIR is not set}
bytes=\${CACHE_ENTRY_BYTES:-512}
layout=\${CACHE_LAYOUT:-flat}
${entryFunction()}
mkdir -p "$dir"
echo "${params.writer}: caching into $dir ($layout, $bytes bytes per entry)"
failed=0
last=-10
while true; do
  for i in 1 2 3 4 5 6 7 8 9 10; do
    if ! out=$(write_entry 2>&1); then
      failed=$((failed + 1))
      if [ $((SECONDS - last)) -ge 10 ]; then
        echo "${params.writer}: cannot write under $dir: \${out##*: } ($failed failed writes)" >&2
        last=$SECONDS
        failed=0
      fi
    fi
    n=$((n + 1))
  done
  sleep 0.5
done
`;
}

export function renderWriterUnit(params: InodeExhaustionParams): string {
  return `[Unit]
Description=${DESCRIPTIONS[params.writer]} (${params.writer})
After=network-online.target

[Service]
User=orders
Group=orders
Environment=CACHE_DIR=${cacheDir(params)}
Environment=CACHE_ENTRY_BYTES=${params.fileBytes}
Environment=CACHE_LAYOUT=${params.layout}
ExecStart=${writerScriptPath(params)}
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
`;
}

/** Refuse to fill a volume with more inodes than this (one made before volumes had a fixed inode count). */
export const MAX_FILL_INODES = 100_000;

/**
 * Fill the data volume's inodes with cache entries, as the writer would
 * have over the past days, until a file cannot be created; then hand the
 * directory to the orders user. Exit 4 when the volume has too many
 * inodes to fill, exit 5 when inodes are still free afterwards.
 */
export function prefillScript(params: InodeExhaustionParams, dataDir: string = PATHS.appData): string {
  const d = shellQuote(dataDir);
  return `set -u
total=$(df --output=itotal ${d} | tail -n 1 | tr -d ' ')
if [ "$total" -gt ${MAX_FILL_INODES} ]; then
  echo "${dataDir} has $total inodes (more than ${MAX_FILL_INODES}): the volume was made before volumes had a fixed inode count; recreate the environment (down, up)" >&2
  exit 4
fi
dir=${shellQuote(cacheDir(params, dataDir))}
bytes=${params.fileBytes}
layout=${params.layout}
${entryFunction()}
mkdir -p "$dir"
while write_entry 2>/dev/null; do :; done
chown -R orders:orders ${shellQuote(cacheRoot(params, dataDir))}
free=$(df --output=iavail ${d} | tail -n 1 | tr -d ' ')
echo "files=$n total=$total free=$free"
[ "$free" -eq 0 ] || { echo "${dataDir} still has $free free inodes" >&2; exit 5; }
`;
}

/** Inodes and bytes of the volume at one moment (df -i and df -B1). */
export interface VolumeInodes {
  readonly inodes: number;
  readonly inodesUsed: number;
  readonly inodesFree: number;
  readonly bytes: number;
  readonly bytesUsed: number;
}

/** Prints `inodes= iused= ifree= size= used=` for `dataDir`. */
export function volumeInodesScript(dataDir: string = PATHS.appData): string {
  return `df -B1 --output=itotal,iused,iavail,size,used ${shellQuote(dataDir)} | tail -n 1 | awk '{print "inodes=" $1 " iused=" $2 " ifree=" $3 " size=" $4 " used=" $5}'\n`;
}

/** Parse `volumeInodesScript` output; undefined when a number is missing. */
export function parseVolumeInodes(stdout: string): VolumeInodes | undefined {
  const value = (key: string): number | undefined => {
    const match = new RegExp(`\\b${key}=(\\d+)`).exec(stdout);
    return match ? Number(match[1]) : undefined;
  };
  const [inodes, inodesUsed, inodesFree, bytes, bytesUsed] = ['inodes', 'iused', 'ifree', 'size', 'used'].map(value);
  if (inodes === undefined || inodesUsed === undefined || inodesFree === undefined || bytes === undefined || bytesUsed === undefined) return undefined;
  return { inodes, inodesUsed, inodesFree, bytes, bytesUsed };
}

/** Free inodes in percent of the volume's inodes. */
export function freeInodePercent(usage: VolumeInodes): number {
  return usage.inodes === 0 ? 0 : (100 * usage.inodesFree) / usage.inodes;
}

/** `inodes: 4096 of 4096 used (0.0% free); space: 12.3 of 64.0 MiB used`. */
export function describeVolumeInodes(usage: VolumeInodes): string {
  const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
  return `inodes: ${usage.inodesUsed} of ${usage.inodes} used (${freeInodePercent(usage).toFixed(1)}% free); space: ${mib(usage.bytesUsed)} of ${mib(usage.bytes)} MiB used`;
}
