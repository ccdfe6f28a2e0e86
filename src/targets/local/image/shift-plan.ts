import { hostId, type IdShift } from '../userns.js';

/** What one directory entry of the base image needs in the shifted copy. */
export interface ShiftStep {
  readonly uid: number;
  readonly gid: number;
  /** chown clears setuid/setgid on files: the mode to put back afterwards (undefined: nothing to restore). */
  readonly restoreMode: number | undefined;
}

const SPECIAL_BITS = 0o6000;

/**
 * Owner offset for one entry, from its owner and mode in the base image
 * (the source, so an entry reached twice through a hard link gets the same
 * absolute owner, never a double shift). Symlinks have no mode to restore.
 */
export function planShift(ids: IdShift, entry: { uid: number; gid: number; mode: number; symlink: boolean }): ShiftStep {
  const restore = !entry.symlink && (entry.mode & SPECIAL_BITS) !== 0;
  return { uid: hostId(ids, entry.uid), gid: hostId(ids, entry.gid), restoreMode: restore ? entry.mode & 0o7777 : undefined };
}

/** One file capability set as `getcap -r` prints it. */
export interface FileCaps {
  /** Path relative to the image root, without a leading "./". */
  readonly path: string;
  /** The capability text (`cap_net_raw=ep`), for `setcap`. */
  readonly caps: string;
}

/**
 * Parse `getcap -r .` output (`./usr/bin/ping cap_net_raw=ep`, possibly with a
 * ` [rootid=N]` suffix). Chown drops file capabilities, and v2 capabilities
 * are ignored inside a user namespace anyway: the shifted copy gets them back
 * as v3 capabilities whose root id is the namespace's root (`setcap -n`).
 */
export function parseGetcap(output: string): FileCaps[] {
  const caps: FileCaps[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S.*?) ((?:cap_|=)\S*)(?: \[rootid=\d+\])?$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    caps.push({ path: match[1].replace(/^\.\//, ''), caps: match[2] });
  }
  return caps;
}
