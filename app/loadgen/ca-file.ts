import { readFileSync, statSync } from 'node:fs';

/** A CA bundle read from disk, with the mtime it had. */
export interface CaFile {
  readonly pem: string;
  readonly mtimeMs: number;
}

/** Read the CA file at `path`. Throws on a missing/unreadable file or one without a PEM certificate. */
export function readCaFile(path: string): CaFile {
  const { mtimeMs } = statSync(path);
  const pem = readFileSync(path, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${path} holds no PEM certificate`);
  return { pem, mtimeMs };
}

/** True when the file at `path` changed since `previous` was read (errors count as "no change"). */
export function hasCaFileChanged(path: string, previous: CaFile): boolean {
  try {
    return statSync(path).mtimeMs !== previous.mtimeMs;
  } catch {
    return false;
  }
}
