import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { run } from '../utils/run.js';
import { requireExecutable } from './host-tool.js';

/** An ed25519 key pair on disk. The private key itself is never returned as text here. */
export interface KeyPair {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  /** One line, `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
}

/** A machine's own SSH host key, for seeding into its /etc/ssh/. */
export interface HostKey extends KeyPair {
  readonly machine: string;
}

/** File names sshd expects for the ed25519 host key. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/** What may appear in a key comment (ssh-keygen takes anything; we keep logs and configs tidy). */
const COMMENT_PATTERN = /^[A-Za-z0-9@._:+-]{1,100}$/;

/**
 * Generate an ed25519 key pair with `ssh-keygen -t ed25519 -N ''` as
 * `<dir>/<name>` and `<dir>/<name>.pub`. The directory is created 0700 and
 * the private key is 0600. An existing pair with that name is replaced.
 */
export async function generateKeyPair(dir: string, comment: string, name = 'id_ed25519'): Promise<KeyPair> {
  if (!COMMENT_PATTERN.test(comment)) {
    throw new FaultlineError('INVALID_PARAMS', `Key comment ${JSON.stringify(comment)} has characters other than letters, digits and @._:+-.`);
  }
  const sshKeygen = await requireExecutable('ssh-keygen', 'openssh-client');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(dir, name);
  await rm(privateKeyPath, { force: true });
  await rm(`${privateKeyPath}.pub`, { force: true });
  await run(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', privateKeyPath]);
  await chmod(privateKeyPath, 0o600);
  const publicKey = (await readFile(`${privateKeyPath}.pub`, 'utf8')).trim();
  return { privateKeyPath, publicKeyPath: `${privateKeyPath}.pub`, publicKey, fingerprint: await fingerprintOf(`${privateKeyPath}.pub`) };
}

/**
 * Generate one ed25519 host key per machine under `<dir>/<machine>/`, named
 * like sshd's own (`ssh_host_ed25519_key[.pub]`). debootstrap copies one set
 * of host keys into the image, so every machine needs its own.
 */
export async function generateHostKeys(dir: string, machines: readonly string[]): Promise<HostKey[]> {
  const keys: HostKey[] = [];
  for (const machine of machines) {
    const pair = await generateKeyPair(join(dir, machine), `root@${machine}`, HOST_KEY_FILE);
    keys.push({ machine, ...pair });
  }
  return keys;
}

/** The `SHA256:…` fingerprint of a public (or private) key file, via `ssh-keygen -l`. */
export async function fingerprintOf(keyPath: string): Promise<string> {
  const sshKeygen = await requireExecutable('ssh-keygen', 'openssh-client');
  const line = await run(sshKeygen, ['-l', '-E', 'sha256', '-f', keyPath]);
  const match = /\b(SHA256:[A-Za-z0-9+/=]+)/.exec(line);
  if (!match?.[1]) {
    throw new FaultlineError('COMMAND_FAILED', `ssh-keygen printed no SHA256 fingerprint for ${keyPath}.`, { details: [line] });
  }
  return match[1];
}
