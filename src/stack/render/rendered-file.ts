/**
 * One entry to seed into a machine's root before boot (the local target writes
 * these into the overlay upper dir). Exactly one of `content`, `symlinkTo` or
 * `copyFrom` is set:
 * - `content`: a regular file (mode defaults to 0644);
 * - `symlinkTo`: a symbolic link (enabling a unit, masking one with /dev/null);
 * - `copyFrom`: a host file copied as is (the Loki binary).
 */
export type RenderedFile = RenderedContent | RenderedSymlink | RenderedCopy;

export interface RenderedContent {
  readonly path: string;
  readonly content: string;
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

/** True for entries with inline content. */
export function isContent(file: RenderedFile): file is RenderedContent {
  return 'content' in file;
}
