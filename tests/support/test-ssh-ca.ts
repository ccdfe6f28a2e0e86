import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Stand-ins for Teleport's CAs made with ssh-keygen: no Teleport binary can
 * run here, so a test user CA plays Teleport's OpenSSH CA (the one the proxy
 * signs its certificates for agentless nodes with) and a test host CA plays
 * its host CA (what `tctl auth sign --format=openssh --host=…` signs with).
 */
export interface TestSshCa {
  readonly dir: string;
  readonly userCa: { readonly key: string; readonly publicKey: string };
  readonly hostCa: { readonly key: string; readonly publicKey: string };
  /** Sign a fresh user key pair: returns the private key path (`-cert.pub` beside it). */
  userCert(name: string, principals: readonly string[], validity?: string): Promise<string>;
  /** Sign a fresh host key pair like tctl auth sign --out=<out>: writes `<out>` and `<out>-cert.pub`. */
  hostCert(out: string, principals: readonly string[], validity?: string): Promise<void>;
}

export async function createTestSshCa(dir: string): Promise<TestSshCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keygen = (args: readonly string[]) => execa('ssh-keygen', ['-q', ...args]);
  for (const name of ['user_ca', 'host_ca']) await keygen(['-t', 'ed25519', '-N', '', '-C', `test-${name}`, '-f', join(dir, name)]);
  const ca = async (name: string) => ({ key: join(dir, name), publicKey: (await readFile(join(dir, `${name}.pub`), 'utf8')).trim() });
  const userCa = await ca('user_ca');
  const hostCa = await ca('host_ca');
  return {
    dir,
    userCa,
    hostCa,
    async userCert(name, principals, validity = '-5m:+1h') {
      const key = join(dir, name);
      await keygen(['-t', 'ed25519', '-N', '', '-C', name, '-f', key]);
      await keygen(['-s', userCa.key, '-I', name, '-n', principals.join(','), '-V', validity, `${key}.pub`]);
      return key;
    },
    async hostCert(out, principals, validity = '-5m:+8h') {
      await keygen(['-t', 'ed25519', '-N', '', '-C', 'teleport-host', '-f', out]);
      await keygen(['-s', hostCa.key, '-h', '-I', 'teleport-host', '-n', principals.join(','), '-V', validity, `${out}.pub`]);
    },
  };
}
