import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCandidateAccount } from '../../src/access/candidate-account.js';
import { generateKeyPair } from '../../src/access/keys.js';
import { renderRecorderScript } from '../../src/access/recorder-script.js';
import { sessionMetaSchema } from '../../src/access/session-meta.js';
import { inspectCertificate } from '../../src/access/ssh-cert.js';
import { renderAuthorizedKeys, renderAuthorizedPrincipals, renderSshdConfig } from '../../src/access/sshd-config.js';
import { hostCertPrincipals, normaliseUserCaKeys } from '../../src/access/teleport-openssh.js';
import { waitFor } from '../../src/utils/wait-for.js';
import { createTestSshCa, type TestSshCa } from '../support/test-ssh-ca.js';

/**
 * The OpenSSH side of a Teleport agentless node, for real: two sshd on
 * 127.0.0.1 ("edge", "app") with the rendered drop-in trusting a test user CA
 * (ssh-keygen stands in for Teleport's OpenSSH CA; no Teleport binary exists
 * here) through an AuthorizedPrincipalsFile, edge also presenting a host
 * certificate signed by a test host CA next to its plain ed25519 key. A real
 * ssh client logs in with certificates and verifies edge with @cert-authority.
 */
const LOGIN = 'candidate';
const NODE = { id: '3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f', hostname: 'env-tst001', addr: '127.0.0.1:22' };
let dir: string;
let ca: TestSshCa;
let servers: ResultPromise | undefined;
const ports = { edge: 43000 + (process.pid % 500), app: 43600 + (process.pid % 500), mapped: 44200 + (process.pid % 500) };
const sessionsOf = (machine: string) => join(dir, machine, 'sessions');
let appHostKey: string;
const certs: Record<'good' | 'otherPrincipal' | 'expired' | 'otherCa' | 'mappedLogin', string> = { good: '', otherPrincipal: '', expired: '', otherCa: '', mappedLogin: '' };
let plainKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-teleport-sshd-'));
  await chmod(dir, 0o755);
  ca = await createTestSshCa(join(dir, 'ca'));
  const account = addCandidateAccount({ passwd: await readFile('/etc/passwd', 'utf8'), group: await readFile('/etc/group', 'utf8'), shadow: await readFile('/etc/shadow', 'utf8'), gshadow: '' });
  const home = join(dir, 'home');
  await mkdir(home, { mode: 0o750 });
  await execa('chown', [`${account.uid}:${account.gid}`, home]);
  await writeFile(join(dir, 'passwd'), account.files.passwd.replace('/home/candidate', home));
  await writeFile(join(dir, 'group'), account.files.group);
  await writeFile(join(dir, 'shadow'), account.files.shadow, { mode: 0o640 });

  // Trust: the CA as `tctl auth export --type=openssh` prints it, and only the candidate login's principal.
  await writeFile(join(dir, 'teleport_openssh_ca.pub'), normaliseUserCaKeys(`cert-authority ${ca.userCa.publicKey} clustername=test&type=openssh\n`, 'test'));
  await mkdir(join(dir, 'auth_principals'), { mode: 0o755 });
  await writeFile(join(dir, 'auth_principals', 'candidate'), renderAuthorizedPrincipals([LOGIN]));
  // The bundle's own key stays authorized; the "plain key" below is another one.
  const bundleKey = await generateKeyPair(join(dir, 'bundle-key'), 'candidate@bundle');
  await mkdir(join(dir, 'authorized_keys'), { mode: 0o755 });
  await writeFile(join(dir, 'authorized_keys', 'candidate'), renderAuthorizedKeys(bundleKey.publicKey));
  await ca.hostCert(join(dir, 'teleport_host_key'), hostCertPrincipals(NODE));

  certs.good = await ca.userCert('good', [LOGIN, 'root']);
  certs.otherPrincipal = await ca.userCert('other-principal', ['interviewer']);
  certs.expired = await ca.userCert('expired', [LOGIN], '-3h:-1h');
  certs.mappedLogin = await ca.userCert('mapped-login', ['fl-ada']);
  // A third server where teleport.login is `fl-ada`: only that principal becomes `candidate`.
  await mkdir(join(dir, 'mapped-principals'), { mode: 0o755 });
  await writeFile(join(dir, 'mapped-principals', 'candidate'), renderAuthorizedPrincipals(['fl-ada']));
  const stranger = await createTestSshCa(join(dir, 'stranger-ca'));
  certs.otherCa = await stranger.userCert('other-ca', [LOGIN]);
  plainKey = (await generateKeyPair(join(dir, 'plain'), 'plain@test')).privateKeyPath;

  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const launches: string[] = [];
  for (const machine of ['edge', 'app', 'mapped'] as const) {
    await mkdir(sessionsOf(machine), { recursive: true });
    await chmod(join(dir, machine), 0o755);
    await chmod(sessionsOf(machine), 0o1733);
    const hostKey = await generateKeyPair(join(dir, machine, 'host'), `root@${machine}`, 'ssh_host_ed25519_key');
    if (machine === 'app') appHostKey = hostKey.publicKey;
    const wrapper = join(dir, machine, 'faultline-session');
    await writeFile(wrapper, renderRecorderScript({ sessionsDir: sessionsOf(machine) }), { mode: 0o755 });
    const dropIn = renderSshdConfig({
      hostKeyPath: hostKey.privateKeyPath,
      authorizedKeysDir: join(dir, 'authorized_keys'),
      forceCommand: wrapper,
      trustedUserCa: { caKeysPath: join(dir, 'teleport_openssh_ca.pub'), authorizedPrincipalsDir: join(dir, machine === 'mapped' ? 'mapped-principals' : 'auth_principals') },
      ...(machine === 'edge' ? { hostCertificate: { keyPath: join(dir, 'teleport_host_key'), certPath: join(dir, 'teleport_host_key-cert.pub') } } : {}),
    });
    await writeFile(join(dir, machine, 'faultline.conf'), dropIn);
    const main = [`Include ${join(dir, machine, 'faultline.conf')}`, `ListenAddress 127.0.0.1:${ports[machine]}`, 'PidFile none', 'UsePAM no', 'StrictModes no'];
    await writeFile(join(dir, machine, 'sshd_config'), `${main.join('\n')}\n`);
    launches.push(`/usr/sbin/sshd -D -e -f ${join(dir, machine, 'sshd_config')} &`);
  }
  const script = ['set -e', ...['passwd', 'group', 'shadow'].map((name) => `mount --bind ${join(dir, name)} /etc/${name}`), ...launches, 'wait'].join('\n');
  servers = execa('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script], { reject: false, detached: true });
  for (const port of Object.values(ports)) {
    const up = await waitFor(
      () => new Promise<boolean>((resolve) => connect(port, '127.0.0.1').once('connect', function (this: Socket) { this.destroy(); resolve(true); }).once('error', () => resolve(false))),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    if (!up) throw new Error(`sshd on ${port} did not start`);
  }
}, 60_000);

afterAll(async () => {
  if (servers?.pid) {
    try {
      process.kill(-servers.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await servers?.catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/**
 * ssh_config for the client: edge verified only through @cert-authority (the
 * test host CA) under its Teleport hostname, app behind it with ProxyJump.
 */
async function clientConfig(identity: string, hostCaKey = ca.hostCa.publicKey): Promise<string> {
  const name = `client-${Math.random().toString(36).slice(2)}`;
  const knownHosts = join(dir, `${name}.known_hosts`);
  await writeFile(knownHosts, `@cert-authority ${NODE.hostname},127.0.0.1 ${hostCaKey}\napp ${appHostKey}\n`);
  const common = [`  User candidate`, `  IdentityFile ${identity}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, '  StrictHostKeyChecking yes', '  BatchMode yes'];
  const text = [
    `Host edge`, `  HostName 127.0.0.1`, `  Port ${ports.edge}`, `  HostKeyAlias ${NODE.hostname}`, ...common,
    `Host app`, `  HostName 127.0.0.1`, `  Port ${ports.app}`, '  ProxyJump edge', '  HostKeyAlias app', ...common,
  ].join('\n');
  const path = join(dir, `${name}.ssh_config`);
  await writeFile(path, `${text}\n`);
  return path;
}

function ssh(config: string, args: readonly string[]) {
  return execa('ssh', ['-F', config, ...args], { reject: false, timeout: 20_000, stdin: 'ignore' });
}

async function metasOf(machine: string) {
  const names = (await readdir(sessionsOf(machine))).filter((name) => name.endsWith('.meta.json'));
  return Promise.all(names.map(async (name) => sessionMetaSchema.parse(JSON.parse(await readFile(join(sessionsOf(machine), name), 'utf8')))));
}

describe('Teleport agentless sshd (real OpenSSH, test CA standing in for Teleport)', () => {
  it('the rendered drop-in passes sshd -t with the host certificate matched to its key', async () => {
    const result = await execa('/usr/sbin/sshd', ['-t', '-f', join(dir, 'edge', 'sshd_config')], { reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const effective = (await execa('/usr/sbin/sshd', ['-T', '-f', join(dir, 'edge', 'sshd_config')])).stdout;
    expect(effective).toContain(`trustedusercakeys ${join(dir, 'teleport_openssh_ca.pub')}`);
    expect(effective).toContain(`authorizedprincipalsfile ${join(dir, 'auth_principals')}/%u`);
    expect(effective).toContain(`hostcertificate ${join(dir, 'teleport_host_key-cert.pub')}`);
  });

  it('the host certificate is a host certificate for the node UUID, hostname and address', async () => {
    const info = await inspectCertificate(join(dir, 'teleport_host_key-cert.pub'));
    expect(info.kind).toBe('host');
    expect(info.principals).toEqual([NODE.id, NODE.hostname, '127.0.0.1']);
  });

  it('logs in to edge with a user certificate for the candidate principal, verifying edge by @cert-authority, and records it', async () => {
    const result = await ssh(await clientConfig(certs.good), ['-v', 'edge', 'id -un']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toBe('candidate');
    expect(result.stderr).toMatch(/Server host certificate: ssh-ed25519-cert-v01@openssh\.com/);
    expect(result.stderr).toMatch(/Host '[^']*' is known and matches the ED25519-CERT host certificate/);
    expect(result.stderr).toMatch(/Server accepts key: .*ED25519-CERT/);
    expect(await metasOf('edge')).toContainEqual(expect.objectContaining({ user: 'candidate', mode: 'command', command: 'id -un' }));
  });

  it('reaches app through edge with the same certificate (ProxyJump), app trusting the same CA', async () => {
    const result = await ssh(await clientConfig(certs.good), ['app', 'echo via-jump']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toBe('via-jump');
    expect((await metasOf('app')).some((meta) => meta.command === 'echo via-jump')).toBe(true);
  });

  for (const [what, which] of [
    ['a certificate for another principal', 'otherPrincipal'],
    ['an expired certificate', 'expired'],
    ['a certificate from another CA', 'otherCa'],
  ] as const) {
    it(`refuses ${what}`, async () => {
      const result = await ssh(await clientConfig(certs[which]), ['edge', 'true']);
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toContain('Permission denied (publickey)');
    });
  }

  it('refuses a plain key that is not in the bundle', async () => {
    const result = await ssh(await clientConfig(plainKey), ['edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Permission denied (publickey)');
  });

  it('maps only the configured login: with login fl-ada, a cert for fl-ada becomes candidate and one for `candidate` is refused', async () => {
    const mapped = async (identity: string) => {
      const config = (await readFile(await clientConfig(identity), 'utf8')).replace(`Port ${ports.app}`, `Port ${ports.mapped}`).replace('  ProxyJump edge\n', '');
      const path = join(dir, `mapped-${Math.random().toString(36).slice(2)}.ssh_config`);
      await writeFile(path, config);
      // Pin the mapped server's own host key under the `app` alias this config uses for it.
      const knownHosts = /UserKnownHostsFile (\S+)/.exec(config)?.[1] as string;
      await writeFile(knownHosts, `app ${await readFile(join(dir, 'mapped', 'host', 'ssh_host_ed25519_key.pub'), 'utf8')}`);
      return path;
    };
    const ok = await ssh(await mapped(certs.mappedLogin), ['app', 'id -un']);
    expect(ok.exitCode, String(ok.stderr)).toBe(0);
    expect(ok.stdout).toBe('candidate');
    const refused = await ssh(await mapped(certs.good), ['app', 'true']);
    expect(refused.exitCode).toBe(255);
    expect(refused.stderr).toContain('Permission denied (publickey)');
  });

  it('refuses root even with a certificate listing root', async () => {
    const result = await ssh(await clientConfig(certs.good), ['-l', 'root', 'edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Permission denied (publickey)');
  });

  it('the client refuses edge when its known_hosts trusts another host CA', async () => {
    const stranger = await createTestSshCa(join(dir, 'stranger-host-ca'));
    const result = await ssh(await clientConfig(certs.good, stranger.hostCa.publicKey), ['edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/Host key verification failed/);
  });
});
