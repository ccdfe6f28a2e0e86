import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestSshCa, type TestSshCa } from '../support/test-ssh-ca.js';
import { createTestHome } from '../support/test-home.js';

/**
 * One real environment as a Teleport agentless OpenSSH node. No Teleport
 * binary exists here, so:
 * - a test user CA and host CA made with ssh-keygen stand in for Teleport's
 *   (the user CA is given as teleport.userCaFile, exactly what
 *   `tctl auth export --type=openssh` would have written);
 * - the host certificate comes from teleport.hostCert.command, the documented
 *   per-environment hook, here a script signing with the test host CA;
 * - `tctl` on PATH is a recording STUB, used ONLY to assert the registration
 *   calls (`tctl create -f node.yaml` on up, `tctl rm node/<uuid>` on down):
 *   that is the one thing that cannot be real here.
 * Everything else is real: the machines, their sshd, a real ssh client with
 * certificates, host-certificate verification by @cert-authority.
 * The bastion is published on 127.0.0.1 with teleport.allowLoopback: true
 * (the explicit opt-in for a proxy on this host); the test first shows that
 * without it `up` refuses before creating anything.
 */
const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('Teleport agentless integration tests', skipReason);

interface Env {
  readonly name: string;
  readonly id: string;
  readonly expiresAt: string;
  readonly access?: { bindAddress: string; port: number };
}

interface AccessJson {
  readonly files: { sshConfig: string; knownHosts: string; briefing: string };
  readonly teleport: { command?: string; web?: string; note?: string };
}

async function ssh(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...args], { reject: false, timeout: 60_000, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe.skipIf(skipReason !== undefined)('Teleport agentless node: a real environment, real sshd and ssh, test CAs', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-teleport-it-'));
  const stubBin = join(scratch, 'bin');
  const tctlLog = join(scratch, 'tctl.log');
  const signLog = join(scratch, 'sign.log');
  const env = () => ({ ...home.env, PATH: `${stubBin}:${process.env.PATH ?? ''}` });
  let ca: TestSshCa;
  let before: Residue;
  let ada: Env;
  let access: AccessJson;
  const certs: Record<'good' | 'otherPrincipal' | 'expired', string> = { good: '', otherPrincipal: '', expired: '' };

  /** ssh_config: edge on the published port verified only by @cert-authority under its Teleport hostname; app behind it. */
  async function clientConfig(identity: string, hostCaKey = ca.hostCa.publicKey): Promise<string> {
    const name = Math.random().toString(36).slice(2);
    const knownHosts = join(scratch, `${name}.known_hosts`);
    const appLine = (await readFile(access.files.knownHosts, 'utf8')).split('\n').find((line) => line.startsWith('app '));
    // app's name as edge resolves it: whatever the bundle uses.
    const appHostName = /^Host app\n\s+HostName (\S+)/m.exec(await readFile(access.files.sshConfig, 'utf8'))?.[1];
    expect(appHostName).toBeTruthy();
    await writeFile(knownHosts, `@cert-authority env-${ada.id} ${hostCaKey}\n${appLine}\n`);
    const common = ['  User candidate', `  IdentityFile ${identity}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, '  StrictHostKeyChecking yes'];
    const text = [
      'Host edge', `  HostName ${ada.access?.bindAddress}`, `  Port ${ada.access?.port}`, `  HostKeyAlias env-${ada.id}`, ...common,
      'Host app', `  HostName ${appHostName}`, '  ProxyJump edge', '  HostKeyAlias app', ...common,
    ].join('\n');
    const path = join(scratch, `${name}.ssh_config`);
    await writeFile(path, `${text}\n`);
    return path;
  }

  const writeConfig = (teleport: Record<string, unknown>) =>
    writeFile(
      join(home.home, 'config.yaml'),
      stringify({
        teleport: {
          proxy: 'teleport.faultline.invalid:3080',
          userCaFile: join(scratch, 'ca', 'user_ca.pub'),
          hostCert: { command: [join(stubBin, 'sign-host'), '{principals}', '{out}', '{ttl}'] },
          labels: { team: 'sre' },
          ...teleport,
        },
      }),
    );

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    ca = await createTestSshCa(join(scratch, 'ca'));
    // What `tctl auth export --type=openssh` prints: the interviewer saved it as a file.
    await writeFile(join(scratch, 'ca', 'user_ca.pub'), `cert-authority ${ca.userCa.publicKey} clustername=faultline-test&type=openssh\n`);
    await mkdir(stubBin);
    // The per-environment host-certificate command (real signing, with the test host CA).
    await writeFile(
      join(stubBin, 'sign-host'),
      ['#!/bin/sh', 'set -e', `echo "$*" >> ${signLog}`, "ssh-keygen -q -t ed25519 -N '' -C teleport-host -f \"$2\"", `ssh-keygen -q -s ${ca.hostCa.key} -h -I faultline-test -n "$1" -V "-5m:+$3" "$2.pub"`, ''].join('\n'),
    );
    // STUB: records registration calls only (no Teleport cluster can exist here).
    await writeFile(
      join(stubBin, 'tctl'),
      ['#!/bin/sh', `echo "$*" >> ${tctlLog}`, `if [ "$1" = create ]; then cp "$3" ${join(scratch, 'registered-node.yaml')}; fi`, 'exit 0', ''].join('\n'),
    );
    await chmod(join(stubBin, 'sign-host'), 0o755);
    await chmod(join(stubBin, 'tctl'), 0o755);
    certs.good = await ca.userCert('good', ['candidate']);
    certs.otherPrincipal = await ca.userCert('other-principal', ['interviewer']);
    certs.expired = await ca.userCert('expired', ['candidate'], '-3h:-1h');
  });

  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], env());
    rmSync(scratch, { recursive: true, force: true });
    home.remove();
  });

  it('refuses a loopback bastion for Teleport before creating anything (exit 62)', async () => {
    await writeConfig({});
    const up = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], env());
    expect(up.exitCode, up.stderr).toBe(62);
    expect(parseJson<{ error: { code: string } }>(up).error.code).toBe('TELEPORT_ADDRESS_UNREACHABLE');
    expect(existsSync(join(home.home, 'envs'))).toBe(false);
    expect(existsSync(tctlLog) || existsSync(signLog)).toBe(false);
  });

  it('brings the environment up as an agentless node: host cert for the node, resource created with tctl', async () => {
    await writeConfig({ allowLoopback: true });
    const up = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], env());
    expect(up.exitCode, up.stderr).toBe(0);
    ada = parseJson<{ state: Env }>(up).state;
    const node = parse(await readFile(join(scratch, 'registered-node.yaml'), 'utf8'));
    expect(node).toMatchObject({
      kind: 'node',
      version: 'v2',
      sub_kind: 'openssh',
      metadata: { labels: { env: ada.name, scenario: 'baseline', candidate: 'ada', 'expires-at': ada.expiresAt, team: 'sre' } },
      spec: { addr: `127.0.0.1:${ada.access?.port}`, hostname: `env-${ada.id}` },
    });
    expect(node.metadata.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const tctlCalls = (await readFile(tctlLog, 'utf8')).trim().split('\n');
    expect(tctlCalls).toEqual([`create -f ${join(home.home, 'envs', ada.name, 'access', 'teleport', 'node.yaml')}`]);
    const [principals] = (await readFile(signLog, 'utf8')).trim().split(' ');
    expect(principals).toBe(`${node.metadata.name},env-${ada.id},127.0.0.1`);

    const result = await faultline(['access', ada.name, '--out', join(scratch, 'bundle'), '--json'], env());
    expect(result.exitCode, result.stderr).toBe(0);
    access = parseJson<AccessJson>(result);
    expect(access.teleport.command).toBe(`tsh login --proxy=teleport.faultline.invalid:3080 && tsh ssh candidate@env-${ada.id}`);
    expect(access.teleport.web).toContain('https://teleport.faultline.invalid:3080/web');
    const briefing = await readFile(access.files.briefing, 'utf8');
    expect(briefing).toContain(access.teleport.command);
    expect(briefing).toContain('recorded by Teleport itself');
    const text = await faultline(['access', ada.name, '--out', join(scratch, 'bundle')], env());
    expect(text.stdout).toContain('through Teleport');
    expect(text.stdout).toContain(access.teleport.command);
  });

  it('a real ssh with a certificate for the candidate login gets into edge, verifying its Teleport host certificate', async () => {
    const result = await ssh(['-v', '-F', await clientConfig(certs.good), 'edge', 'hostname; id -un; sudo -n true && echo sudo-ok']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual(['edge', 'candidate', 'sudo-ok']);
    expect(result.stderr).toMatch(/Host 'env-[0-9a-f]{6}' is known and matches the ED25519-CERT host certificate/);
    expect(result.stderr).toMatch(/Server accepts key: .*ED25519-CERT/);
  });

  it('and through edge into app with the same certificate', async () => {
    const result = await ssh(['-F', await clientConfig(certs.good), 'app', 'hostname']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('app');
  });

  it('refuses a certificate for another principal, an expired one, and a plain key not in the bundle', async () => {
    const plain = join(scratch, 'plain');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain]);
    for (const identity of [certs.otherPrincipal, certs.expired, plain]) {
      for (const machine of ['edge', 'app']) {
        const result = await ssh(['-F', await clientConfig(identity), machine, 'true']);
        expect(`${identity} ${machine}: ${result.exitCode}`).toBe(`${identity} ${machine}: 255`);
        expect(result.stderr).toContain('Permission denied (publickey)');
      }
    }
  });

  it('the client refuses edge when it trusts another host CA', async () => {
    const stranger = await createTestSshCa(join(scratch, 'stranger'));
    const result = await ssh(['-F', await clientConfig(certs.good, stranger.hostCa.publicKey), 'edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Host key verification failed');
  });

  it('our own recording still records certificate logins', async () => {
    const marker = 'teleport-cert-session-marker';
    expect((await ssh(['-F', await clientConfig(certs.good), 'edge', `echo ${marker}`])).exitCode).toBe(0);
    const listed = await faultline(['sessions', ada.name, '--json'], env());
    expect(listed.exitCode, listed.stderr).toBe(0);
    const { sessions } = parseJson<{ sessions: { machine: string; command: string | null }[] }>(listed);
    expect(sessions).toContainEqual(expect.objectContaining({ machine: 'edge', command: `echo ${marker}` }));
  });

  it('down deregisters the node with tctl rm and removes the environment', async () => {
    const nodeId = (await readFile(join(home.home, 'envs', ada.name, 'access', 'teleport', 'node-id'), 'utf8')).trim();
    const down = await faultline(['down', ada.name, '--wait'], env());
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stderr + down.stdout).toContain(`deregistered node env-${ada.id}`);
    const calls = (await readFile(tctlLog, 'utf8')).trim().split('\n');
    expect(calls.at(-1)).toBe(`rm node/${nodeId}`);
    expect(existsSync(join(home.home, 'envs', ada.name))).toBe(false);
    // Host-wide: run integration files one at a time (as CI does), or other environments show up here.
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});
