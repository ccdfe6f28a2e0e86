import { FaultlineError } from '../errors/index.js';
import { findExecutable } from '../utils/find-executable.js';

export { findExecutable } from '../utils/find-executable.js';

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
