import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

let dir: string;
let ca: TestSshCa;
let input: Parameters<typeof renderTeleportOpenSsh>[0];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-aws-agentless-'));
  ca = await createTestSshCa(join(dir, 'ca'));
  await ca.hostCert(join(dir, 'ca', 'host'), ['3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f', 'env-ab12cd']);
  const { readFile } = await import('node:fs/promises');
  input = {
    userCaKeys: ca.userCa.publicKey,
    login: 'candidate',
    hostCertificate: { privateKey: await readFile(join(dir, 'ca', 'host'), 'utf8'), certificate: await readFile(join(dir, 'ca', 'host-cert.pub'), 'utf8') },
  };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('aws agentless mode (cloud-init)', () => {
  it('writes the sshd trust and host certificate instead of installing the agent', () => {
    const doc = parse(renderCloudInit({
        env: awsConfig().env,
        sshPublicKey: SSH_KEY,
        k3sInstallScript: 'https://k3s.invalid/install.sh',
        region: 'eu-west-1',
        tlsSan: '192.0.2.10',
        serverCaCertPem: '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n',
        secrets: nodeSecretNames(awsConfig().env),
        teleportOpenSsh: input,
      }));
    const paths = doc.write_files.map((file: { path: string }) => file.path);
    expect(paths).toEqual(expect.arrayContaining(Object.values(TELEPORT_OPENSSH_PATHS).filter((p) => p !== TELEPORT_OPENSSH_PATHS.principalsDir)));
    expect(paths).toContain('/etc/ssh/auth_principals/candidate');
    expect(paths).not.toContain('/etc/teleport.yaml');
    expect(JSON.stringify(doc.runcmd)).not.toContain('install.sh | bash');
    expect(doc.runcmd).toContainEqual(['sh', '-c', 'sshd -t && systemctl restart ssh']);
    expect(doc.write_files.find((file: { path: string }) => file.path === TELEPORT_OPENSSH_PATHS.hostKey).permissions).toBe('0600');
  });

  it('renders a drop-in that a real sshd accepts (sshd -t), keeping the distribution host keys', async () => {
    const part = renderTeleportOpenSsh(input);
    const root = join(dir, 'etc-ssh');
    await mkdir(join(root, 'auth_principals'), { recursive: true });
    await mkdir(join(root, 'sshd_config.d'), { recursive: true });
    for (const type of ['ed25519', 'ecdsa', 'rsa']) await execa('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(root, `ssh_host_${type}_key`)]);
    for (const file of part.files) await writeFile(file.path.replace('/etc/ssh', root), file.content, { mode: Number.parseInt(file.permissions, 8) });
    const dropIn = TELEPORT_OPENSSH_PATHS.dropIn.replace('/etc/ssh', root);
    await writeFile(dropIn, part.files.find((f) => f.path === TELEPORT_OPENSSH_PATHS.dropIn)!.content.replaceAll('/etc/ssh', root));
    await writeFile(join(root, 'sshd_config'), `Include ${dropIn}\nUsePAM no\nPidFile none\n`);
    await mkdir('/run/sshd', { recursive: true });
    const check = await execa('/usr/sbin/sshd', ['-t', '-f', join(root, 'sshd_config')], { reject: false });
    expect(check.exitCode, check.stderr).toBe(0);
    const effective = (await execa('/usr/sbin/sshd', ['-T', '-f', join(root, 'sshd_config')])).stdout;
    expect(effective).toContain(`hostkey ${root}/ssh_host_ed25519_key`);
    expect(effective).toContain(`hostcertificate ${root}/teleport_host_key-cert.pub`);
    expect(effective).toContain(`authorizedprincipalsfile ${root}/auth_principals/%u`);
  });
});
