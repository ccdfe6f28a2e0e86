/**
 * One entry to seed into a machine's root before boot (the local target writes
 * these into the overlay upper dir). Exactly one of `content`, `symlinkTo`,
 * `copyFrom` or `directory` is set:
 * - `content`: a regular file (mode defaults to 0644);
 * - `symlinkTo`: a symbolic link (enabling a unit, masking one with /dev/null);
 * - `copyFrom`: a host file copied as is (the Loki binary);
 * - `directory`: a directory with an exact mode and owner (a user's home).
 * Files and directories are root-owned unless `uid`/`gid` say otherwise.
 */
export type RenderedFile = RenderedContent | RenderedSymlink | RenderedCopy | RenderedDirectory;

/** Numeric owner inside the machine (default root, 0). */
export interface RenderedOwner {
  readonly uid?: number;
  readonly gid?: number;
}

export interface RenderedContent extends RenderedOwner {
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
}

export interface RenderedDirectory extends RenderedOwner {
  readonly path: string;
  readonly directory: true;
  /** Default 0755; may carry the sticky bit (0o1733). */
  readonly mode?: number;
}

export interface RenderedSymlink {
  readonly path: string;
  readonly symlinkTo: string;
}

export interface RenderedCopy {
  readonly path: string;
  /** Absolute path on the host running faultline. */
  readonly copyFrom: string;
  readonly mode?: number;
}

/** True for entries that are symbolic links. */
export function isSymlink(file: RenderedFile): file is RenderedSymlink {
  return 'symlinkTo' in file;
}

/** True for entries copied from a host file. */
export function isCopy(file: RenderedFile): file is RenderedCopy {
  return 'copyFrom' in file;
}

/** True for directory entries. */
export function isDirectory(file: RenderedFile): file is RenderedDirectory {
  return 'directory' in file;
}

/** True for entries with inline content. */
export function isContent(file: RenderedFile): file is RenderedContent {
  return 'content' in file;
}
