import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { homePaths } from '../../core/paths.js';
import type { CloudOptions } from './options.js';

/** The Pulumi backend: options.backend, else PULUMI_BACKEND_URL, else file://$FAULTLINE_HOME/pulumi. */
export function resolveBackendUrl(options: CloudOptions, env: NodeJS.ProcessEnv = process.env): string {
  return options.backend ?? env['PULUMI_BACKEND_URL'] ?? `file://${homePaths.pulumi()}`;
}

/**
 * Passphrase for the stacks' secrets on self-managed backends: the
 * PULUMI_CONFIG_PASSPHRASE variable, else one generated once into
 * $FAULTLINE_HOME/pulumi/passphrase (mode 0600).
 */
export async function resolvePassphrase(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env['PULUMI_CONFIG_PASSPHRASE'];
  if (given !== undefined) return given;
  const dir = homePaths.pulumi();
  const file = join(dir, 'passphrase');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const passphrase = randomBytes(24).toString('base64url');
    await writeFile(file, `${passphrase}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    await chmod(file, 0o600);
    return (await readFile(file, 'utf8')).trim();
  }
}
