import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/access/keys.js';
import { renderAuthorizedKeys, renderSshdConfig, renderSudoers } from '../../src/access/sshd-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-sshd-'));
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** sshd -T: the effective configuration, with Debian's own settings after our drop-in (as on the machines). */
async function effectiveConfig(dropIn: string): Promise<Map<string, string[]>> {
  const hostKey = await generateKeyPair(join(dir, 'host'), 'root@test', 'ssh_host_ed25519_key');
  await writeFile(join(dir, 'faultline.conf'), dropIn.replace('/etc/ssh/ssh_host_ed25519_key', hostKey.privateKeyPath));
  const debianMain = [
    `Include ${join(dir, 'faultline.conf')}`,
    'KbdInteractiveAuthentication yes',
    'PasswordAuthentication yes',
    'PermitRootLogin yes',
    'UsePAM yes',
    'X11Forwarding yes',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), `${debianMain}\n`);
  const { stdout } = await execa('/usr/sbin/sshd', ['-T', '-f', join(dir, 'sshd_config')]);
  const settings = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const [key, ...rest] = line.split(' ');
    if (key) settings.set(key, [...(settings.get(key) ?? []), rest.join(' ')]);
  }
  return settings;
}

describe('renderSshdConfig', () => {
  it('wins over Debian defaults: keys only, no root, only the candidate, recorded', async () => {
    const settings = await effectiveConfig(renderSshdConfig());
    expect(settings.get('passwordauthentication')).toEqual(['no']);
    expect(settings.get('kbdinteractiveauthentication')).toEqual(['no']);
    expect(settings.get('permitrootlogin')).toEqual(['no']);
    expect(settings.get('allowusers')).toEqual(['candidate']);
    expect(settings.get('authorizedkeysfile')).toEqual(['/etc/ssh/authorized_keys/%u']);
    expect(settings.get('forcecommand')).toEqual(['/usr/local/sbin/faultline-session']);
    expect(settings.get('x11forwarding')).toEqual(['no']);
    expect(settings.get('allowtcpforwarding')).toEqual(['local']);
    expect(settings.get('hostkey')).toHaveLength(1);
  });

  it('can forbid forwarding on machines that are not jump hosts', async () => {
    const settings = await effectiveConfig(renderSshdConfig({ allowTcpForwarding: 'no' }));
    expect(settings.get('allowtcpforwarding')).toEqual(['no']);
  });

  it('omits ForceCommand only when asked to', () => {
    expect(renderSshdConfig({ forceCommand: null })).not.toContain('ForceCommand');
  });

  it('refuses values that would inject sshd directives', () => {
    expect(() => renderSshdConfig({ user: 'candidate\nPermitRootLogin yes' })).toThrow(/user/);
    expect(() => renderSshdConfig({ authorizedKeysDir: '/etc/ssh keys' })).toThrow(/authorizedKeysDir/);
  });
});

describe('renderAuthorizedKeys', () => {
  it('accepts one ed25519 public key line', () => {
    expect(renderAuthorizedKeys('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5 c@x\n')).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5 c@x\n');
  });

  it('refuses anything that is not a single public key (a private key, options, two lines)', () => {
    expect(() => renderAuthorizedKeys('-----BEGIN OPENSSH PRIVATE KEY-----')).toThrow(/ssh-ed25519/);
    expect(() => renderAuthorizedKeys('command="sh" ssh-ed25519 AAAA')).toThrow(/ssh-ed25519/);
    expect(() => renderAuthorizedKeys('ssh-ed25519 AAAA\nssh-ed25519 BBBB')).toThrow(/ssh-ed25519/);
  });
});

describe('renderSudoers', () => {
  it('passes visudo and grants passwordless sudo', async () => {
    const path = join(dir, 'candidate');
    await writeFile(path, renderSudoers(), { mode: 0o440 });
    const result = await execa('visudo', ['-c', '-f', path], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(renderSudoers()).toContain('candidate ALL=(ALL:ALL) NOPASSWD:ALL');
  });
});
