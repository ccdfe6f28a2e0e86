import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAccessBundle, type AccessBundle } from '../../src/access/bundle.js';
import { addCandidateAccount } from '../../src/access/candidate-account.js';
import { generateHostKeys, generateKeyPair } from '../../src/access/keys.js';
import { renderRecorderScript } from '../../src/access/recorder-script.js';
import { sessionMetaSchema } from '../../src/access/session-meta.js';
import { renderAuthorizedKeys, renderSshdConfig } from '../../src/access/sshd-config.js';
import { waitFor } from '../../src/utils/wait-for.js';

/**
 * Two real OpenSSH servers ("edge" and "app") on 127.0.0.1 with the rendered
 * drop-in, recorder and a throwaway `candidate` account that exists only in
 * a private mount namespace (bind-mounted passwd/shadow/group), reached with
 * the rendered bundle: edge directly, app through ProxyJump.
 */
let dir: string;
let servers: ResultPromise | undefined;
let bundle: AccessBundle;
const ports = { edge: 42000 + (process.pid % 500), app: 42600 + (process.pid % 500) };
const sessionsOf = (machine: string) => join(dir, machine, 'sessions');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-sshd-e2e-'));
  await chmod(dir, 0o755);
  const account = addCandidateAccount({
    passwd: await readFile('/etc/passwd', 'utf8'),
    group: await readFile('/etc/group', 'utf8'),
    shadow: await readFile('/etc/shadow', 'utf8'),
    gshadow: '',
  });
  const home = join(dir, 'home');
  await mkdir(home, { mode: 0o750 });
  await execa('chown', [`${account.uid}:${account.gid}`, home]);
  await writeFile(join(dir, 'passwd'), account.files.passwd.replace('/home/candidate', home));
  await writeFile(join(dir, 'group'), account.files.group);
  await writeFile(join(dir, 'shadow'), account.files.shadow, { mode: 0o640 });

  const candidateKey = await generateKeyPair(join(dir, 'candidate-key'), 'candidate@e2e');
  const hostKeys = await generateHostKeys(join(dir, 'host-keys'), ['edge', 'app']);
  await mkdir(join(dir, 'authorized_keys'), { mode: 0o755 });
  await writeFile(join(dir, 'authorized_keys', 'candidate'), renderAuthorizedKeys(candidateKey.publicKey), { mode: 0o644 });
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const launches: string[] = [];
  for (const key of hostKeys) {
    const machine = key.machine as 'edge' | 'app';
    await mkdir(sessionsOf(machine), { recursive: true });
    await chmod(join(dir, machine), 0o755);
    await chmod(sessionsOf(machine), 0o1733);
    const wrapper = join(dir, machine, 'faultline-session');
    await writeFile(wrapper, renderRecorderScript({ sessionsDir: sessionsOf(machine) }), { mode: 0o755 });
    const dropIn = renderSshdConfig({ hostKeyPath: key.privateKeyPath, authorizedKeysDir: join(dir, 'authorized_keys'), forceCommand: wrapper });
    await writeFile(join(dir, machine, 'faultline.conf'), dropIn);
    // The test's main config stands in for Debian's sshd_config (which includes the drop-in first).
    const main = [`Include ${join(dir, machine, 'faultline.conf')}`, `ListenAddress 127.0.0.1:${ports[machine]}`, 'PidFile none', 'UsePAM no', 'StrictModes no', 'PasswordAuthentication yes', 'PermitRootLogin yes'];
    await writeFile(join(dir, machine, 'sshd_config'), `${main.join('\n')}\n`);
    launches.push(`/usr/sbin/sshd -D -e -f ${join(dir, machine, 'sshd_config')} &`);
  }
  const script = ['set -e', ...['passwd', 'group', 'shadow'].map((name) => `mount --bind ${join(dir, name)} /etc/${name}`), ...launches, 'wait'].join('\n');
  servers = execa('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script], { reject: false, detached: true });

  bundle = await writeAccessBundle({
    outDir: join(dir, 'bundle'),
    privateKeyPem: await readFile(candidateKey.privateKeyPath, 'utf8'),
    machines: [{ name: 'edge' }, { name: 'app', hostName: '127.0.0.1', port: ports.app }],
    bastion: { host: '127.0.0.1', port: ports.edge },
    knownHosts: hostKeys.map((key) => ({ machine: key.machine, publicKey: key.publicKey })),
    briefing: '# e2e\n',
  });
  for (const port of Object.values(ports)) {
    const up = await waitFor(() => new Promise<boolean>((resolve) => connect(port, '127.0.0.1').once('connect', function (this: import('node:net').Socket) { this.destroy(); resolve(true); }).once('error', () => resolve(false))), { timeoutMs: 10_000, intervalMs: 100 });
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

function ssh(args: readonly string[], input = '') {
  return execa('ssh', ['-F', bundle.files.sshConfig, '-o', 'BatchMode=yes', ...args], { input, reject: false, timeout: 20_000 });
}

async function metasOf(machine: string) {
  const names = (await readdir(sessionsOf(machine))).filter((name) => name.endsWith('.meta.json'));
  return Promise.all(names.map(async (name) => sessionMetaSchema.parse(JSON.parse(await readFile(join(sessionsOf(machine), name), 'utf8')))));
}

describe('candidate access end to end (real sshd)', () => {
  it('runs a command on the bastion as candidate, keeping its exit status, and records it', async () => {
    const result = await ssh(['edge', 'id -un; exit 3']);
    expect(result.stderr).not.toContain('Permission denied');
    expect(result.stdout).toBe('candidate');
    expect(result.exitCode).toBe(3);
    expect(await metasOf('edge')).toContainEqual(expect.objectContaining({ user: 'candidate', mode: 'command', command: 'id -un; exit 3', exitStatus: 3 }));
  });

  it('reaches a machine behind the bastion through ProxyJump with its pinned host key', async () => {
    const result = await ssh(['app', 'echo via-jump']);
    expect(result.stdout).toBe('via-jump');
    expect(result.exitCode).toBe(0);
    expect((await metasOf('app')).some((meta) => meta.command === 'echo via-jump')).toBe(true);
  });

  it('records an interactive pty session on the machine behind the bastion', async () => {
    const result = await ssh(['-tt', 'app'], 'echo pty-marker\nexit 7\n');
    expect(result.exitCode).toBe(7);
    const meta = (await metasOf('app')).find((candidate) => candidate.mode === 'tty');
    expect(meta).toMatchObject({ user: 'candidate', exitStatus: 7 });
    expect(await readFile(join(sessionsOf('app'), `${meta?.id}.out`), 'utf8')).toContain('pty-marker');
  });

  it('refuses root, even with the right key', async () => {
    const result = await ssh(['-l', 'root', 'edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Permission denied');
  });

  it('offers no password or keyboard-interactive login', async () => {
    const result = await ssh(['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', 'edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('refuses a machine whose host key does not match the pinned one', async () => {
    const original = await readFile(bundle.files.knownHosts, 'utf8');
    const [edgeLine = '', appLine = ''] = original.trim().split('\n');
    // Pin app's key under edge's alias: the real edge must now be rejected.
    await writeFile(bundle.files.knownHosts, `edge ${appLine.split(' ').slice(1).join(' ')}\n${appLine}\n`);
    try {
      const result = await ssh(['edge', 'true']);
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    } finally {
      await writeFile(bundle.files.knownHosts, `${edgeLine}\n${appLine}\n`);
    }
  });
});
