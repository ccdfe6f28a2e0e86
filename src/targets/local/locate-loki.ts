import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * Find a `loki` binary: the configured path, else the first on PATH. Loki
 * is optional — without it logs are centralised by journal-remote only.
 */
export async function locateLoki(configured: string | undefined): Promise<string | undefined> {
  const candidates = configured ? [configured] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'loki'));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}
