import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { FaultlineError } from '../errors/index.js';

/**
 * Find an executable on PATH (or accept an absolute path). Returns the
 * absolute path, or undefined when there is none.
 */
export async function findExecutable(name: string, pathEnv = process.env.PATH ?? ''): Promise<string | undefined> {
  const candidates = isAbsolute(name) ? [name] : pathEnv.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    const ok = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return undefined;
}

/** Like findExecutable, but throw MISSING_HOST_PACKAGES naming the Debian package to install. */
export async function requireExecutable(name: string, debianPackage: string): Promise<string> {
  const found = await findExecutable(name);
  if (found === undefined) {
    throw new FaultlineError('MISSING_HOST_PACKAGES', `${name} is not installed on this host.`, {
      hint: `Install it: apt-get install -y ${debianPackage}`,
    });
  }
  return found;
}
