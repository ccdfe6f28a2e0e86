import { access, chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf, generateKeyPair, HOST_KEY_FILE, type HostKey, type KeyPair } from '../../access/keys.js';
import { FaultlineError } from '../../errors/index.js';
import { ROLES } from '../../stack/topology.js';
import { envAccessPaths } from './env-access-paths.js';

/** The SSH keys of one environment: the candidate's pair and one host key per machine. */
export interface EnvKeys {
  readonly candidate: KeyPair;
  readonly hosts: readonly HostKey[];
}

const CANDIDATE_KEY_FILE = 'id_ed25519';

/**
 * Return the environment's keys, generating whichever are missing. Existing
 * keys are reused, so `faultline reset` rebuilds the machines with the same
 * host keys and authorized key: a bundle handed out before the reset keeps
 * working, and known_hosts stays valid. The public halves are seeded into
 * the machines, so their comments name the environment only as the machines
 * see it (`visibleName`, e.g. env-3fa2c1; never `name`, which carries the
 * scenario id).
 */
export async function ensureEnvKeys(name: string, machines: readonly string[] = ROLES, visibleName = 'faultline'): Promise<EnvKeys> {
  const paths = envAccessPaths(name);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await chmod(paths.dir, 0o700);
  const candidate = (await readKeyPair(paths.candidateKeyDir, CANDIDATE_KEY_FILE)) ?? (await generateKeyPair(paths.candidateKeyDir, `candidate@${visibleName}`, CANDIDATE_KEY_FILE));
  const hosts: HostKey[] = [];
  for (const machine of machines) {
    const dir = join(paths.hostKeysDir, machine);
    const pair = (await readKeyPair(dir, HOST_KEY_FILE)) ?? (await generateKeyPair(dir, `root@${machine}.${visibleName}`, HOST_KEY_FILE));
    hosts.push({ machine, ...pair });
  }
  return { candidate, hosts };
}

/** The environment's existing keys; throws when `up` never created them (a cloud or failed environment). */
export async function readEnvKeys(name: string, machines: readonly string[] = ROLES): Promise<EnvKeys> {
  const paths = envAccessPaths(name);
  const candidate = await readKeyPair(paths.candidateKeyDir, CANDIDATE_KEY_FILE);
  const hosts: HostKey[] = [];
  for (const machine of machines) {
    const pair = await readKeyPair(join(paths.hostKeysDir, machine), HOST_KEY_FILE);
    if (pair) hosts.push({ machine, ...pair });
  }
  if (!candidate || hosts.length !== machines.length) {
    throw new FaultlineError('ENV_NOT_FOUND', `Environment ${name} has no SSH keys (it never reached a running state on the local target).`, {
      hint: 'Run `faultline reset` on it, or `faultline up` a new one.',
    });
  }
  return { candidate, hosts };
}

/** A key pair already on disk, or undefined when either half is missing. */
async function readKeyPair(dir: string, fileName: string): Promise<KeyPair | undefined> {
  const privateKeyPath = join(dir, fileName);
  const publicKeyPath = `${privateKeyPath}.pub`;
  const present = await Promise.all([privateKeyPath, publicKeyPath].map((path) => access(path).then(() => true, () => false)));
  if (!present.every(Boolean)) return undefined;
  const publicKey = (await readFile(publicKeyPath, 'utf8')).trim();
  return { privateKeyPath, publicKeyPath, publicKey, fingerprint: await fingerprintOf(publicKeyPath) };
}
