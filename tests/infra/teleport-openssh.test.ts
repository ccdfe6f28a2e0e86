import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCloudInit } from '../../infra/render/cloud-init.js';
import { renderTeleportOpenSsh, TELEPORT_OPENSSH_PATHS } from '../../infra/render/teleport-openssh.js';
import { createTestSshCa, type TestSshCa } from '../support/test-ssh-ca.js';
import { nodeSecretNames } from '../../infra/render/node-secrets.js';
import { SSH_KEY, awsConfig } from './fixtures.js';

const NODE_ID = '3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f';
const secrets = nodeSecretNames(awsConfig().env);
let dir: string;
let ca: TestSshCa;
let hostKey: string;
let hostCert: string;
let input: Parameters<typeof renderTeleportOpenSsh>[0];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-aws-agentless-'));
  ca = await createTestSshCa(join(dir, 'ca'));
  await ca.hostCert(join(dir, 'ca', 'host'), [NODE_ID, 'env-ab12cd', '192.0.2.10']);
  hostKey = await readFile(join(dir, 'ca', 'host'), 'utf8');
  hostCert = await readFile(join(dir, 'ca', 'host-cert.pub'), 'utf8');
  input = { userCaKeys: ca.userCa.publicKey, login: 'candidate', region: 'eu-west-1', hostKeyParam: secrets.teleportHostKey, hostCertParam: secrets.teleportHostCert };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const userData = () =>
  renderCloudInit({
    env: awsConfig().env,
    sshPublicKey: SSH_KEY,
    k3sInstallScript: 'https://k3s.invalid/install.sh',
    region: 'eu-west-1',
    tlsSan: '192.0.2.10',
    serverCaCertPem: '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n',
    secrets,
    teleportOpenSsh: input,
  });

describe('aws agentless mode (cloud-init)', () => {
  it('writes the sshd trust and a boot script reading the host key from SSM, instead of installing the agent', () => {
    const doc = parse(userData());
    const paths = doc.write_files.map((file: { path: string }) => file.path);
    expect(paths).toEqual(expect.arrayContaining([TELEPORT_OPENSSH_PATHS.dropIn, TELEPORT_OPENSSH_PATHS.userCa, TELEPORT_OPENSSH_PATHS.script, '/etc/ssh/auth_principals/candidate']));
    // The host key and certificate arrive from SSM at boot, never in the user data.
    expect(paths).not.toContain(TELEPORT_OPENSSH_PATHS.hostKey);
    expect(paths).not.toContain(TELEPORT_OPENSSH_PATHS.hostCert);
    expect(paths).not.toContain('/etc/teleport.yaml');
    expect(JSON.stringify(doc.runcmd)).not.toContain('install.sh | bash');
    // Teleport's sshd before the (long) k3s boot script.
    expect(doc.runcmd).toEqual([[TELEPORT_OPENSSH_PATHS.script], ['/usr/local/sbin/faultline-boot']]);
    const script = doc.write_files.find((file: { path: string }) => file.path === TELEPORT_OPENSSH_PATHS.script);
    expect(script.permissions).toBe('0700');
    expect(script.content).toContain(`--with-decryption --name "$1"`);
    expect(script.content).toContain(`param '${secrets.teleportHostKey}' > ${TELEPORT_OPENSSH_PATHS.hostKey}.new`);
    expect(script.content).toContain(`param '${secrets.teleportHostCert}' > ${TELEPORT_OPENSSH_PATHS.hostCert}.new`);
  });

  it('holds no private key and no certificate body (only the public user CA)', () => {
    const text = userData();
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(hostKey.split('\n')[1]);
    expect(text).not.toContain(hostCert.split(' ')[1]);
    const files = parse(text).write_files as { path: string; content: string }[];
    expect(files.find((f) => f.path === TELEPORT_OPENSSH_PATHS.userCa)?.content).toBe(`${ca.userCa.publicKey}\n`);
  });

  it('boot script, run for real: fetches key and cert (fake aws CLI), checks with the real sshd -t, then restarts', async () => {
    const part = renderTeleportOpenSsh(input);
    const root = join(dir, 'etc-ssh');
    const bin = join(dir, 'bin');
    await mkdir(join(root, 'auth_principals'), { recursive: true });
    await mkdir(join(root, 'sshd_config.d'), { recursive: true });
    await mkdir(bin, { recursive: true });
    for (const type of ['ed25519', 'ecdsa', 'rsa']) await execa('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(root, `ssh_host_${type}_key`)]);
    const relocate = (text: string) => text.replaceAll('/etc/ssh', root);
    for (const file of part.files) await writeFile(relocate(file.path).replace('/usr/local/sbin', bin), relocate(file.content), { mode: Number.parseInt(file.permissions, 8) });
    await writeFile(join(root, 'sshd_config'), `Include ${relocate(TELEPORT_OPENSSH_PATHS.dropIn)}\nUsePAM no\nPidFile none\n`);
    // Stand-ins for the AWS CLI (SSM serves what the program stored) and systemctl; sshd is the real one on our config.
    const store = join(dir, 'ssm');
    await mkdir(store, { recursive: true });
    await writeFile(join(store, 'teleport-host-key'), hostKey);
    await writeFile(join(store, 'teleport-host-cert'), hostCert);
    const fake = async (name: string, body: string) => {
      await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
      await chmod(join(bin, name), 0o755);
    };
    await fake('aws', `echo "$@" >> ${dir}/aws.calls\nwhile [ $# -gt 0 ]; do [ "$1" = --name ] && exec cat "${store}/$(basename "$2")"; shift; done; exit 254`);
    await fake('systemctl', `echo "$@" >> ${dir}/systemctl.calls`);
    await fake('sshd', `exec /usr/sbin/sshd "$@" -f ${root}/sshd_config`);
    await mkdir('/run/sshd', { recursive: true });
    const script = join(bin, 'faultline-teleport-sshd');
    const result = await execa(script, [], { env: { PATH: `${bin}:/usr/bin:/bin` }, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(dir, 'aws.calls'), 'utf8')).toContain(`ssm get-parameter --region eu-west-1 --with-decryption --name ${secrets.teleportHostKey}`);
    expect(await readFile(join(dir, 'systemctl.calls'), 'utf8')).toBe('restart ssh\n');
    expect((await stat(join(root, 'teleport_host_key'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(root, 'teleport_host_key-cert.pub'), 'utf8')).trim()).toBe(hostCert.trim());
    const effective = (await execa('/usr/sbin/sshd', ['-T', '-f', join(root, 'sshd_config')])).stdout;
    expect(effective).toContain(`hostkey ${root}/ssh_host_ed25519_key`);
    expect(effective).toContain(`hostkey ${root}/teleport_host_key`);
    expect(effective).toContain(`hostcertificate ${root}/teleport_host_key-cert.pub`);
    expect(effective).toContain(`trustedusercakeys ${root}/teleport_openssh_ca.pub`);
    expect(effective).toContain(`authorizedprincipalsfile ${root}/auth_principals/%u`);
    expect(await readFile(join(root, 'auth_principals', 'candidate'), 'utf8')).toBe('candidate\n');
  });

  it('boot script refuses to install a broken certificate from SSM and leaves sshd alone', async () => {
    const bin = join(dir, 'bin');
    await writeFile(join(dir, 'ssm', 'teleport-host-cert'), 'not a certificate\n');
    await rm(join(dir, 'systemctl.calls'), { force: true });
    const result = await execa(join(bin, 'faultline-teleport-sshd'), [], { env: { PATH: `${bin}:/usr/bin:/bin` }, reject: false });
    expect(result.exitCode).not.toBe(0);
    await expect(readFile(join(dir, 'systemctl.calls'), 'utf8')).rejects.toThrow();
    // The good certificate of the earlier run is still in place.
    expect((await readFile(join(dir, 'etc-ssh', 'teleport_host_key-cert.pub'), 'utf8')).trim()).toBe(hostCert.trim());
  });
});
