import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAsciicast } from '../../src/access/asciicast.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('candidate access integration tests', skipReason);

interface Env {
  readonly name: string;
  readonly id: string;
  readonly access?: { bindAddress: string; port: number };
  readonly machines: { role: string; leaderPid: number }[];
}

interface AccessJson {
  readonly outDir: string;
  readonly sshCommand: string;
  readonly bastion: { host: string; port: number };
  readonly files: { privateKey: string; sshConfig: string; knownHosts: string; briefing: string };
  readonly fingerprints: { candidate: string; hosts: Record<string, string> };
}

interface SessionsJson {
  readonly collected: boolean;
  readonly sessions: { id: string; machine: string; mode: string; command: string | null; started: string; ended: string | null; castPath: string | null }[];
}

/** A real OpenSSH client; never prompts (BatchMode), gives up after a minute. */
async function ssh(args: readonly string[], input?: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...args], { reject: false, timeout: 60_000, ...(input === undefined ? { stdin: 'ignore' } : { input }) });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A copy of a bundle's ssh_config with one setting's value swapped (IdentityFile accumulates, so -i would not replace it). */
async function variantConfig(sshConfig: string, dir: string, key: 'IdentityFile' | 'UserKnownHostsFile', value: string): Promise<string> {
  const text = (await readFile(sshConfig, 'utf8')).replace(new RegExp(`^(\\s*${key}) .*$`, 'gm'), `$1 ${value}`);
  expect(text).toContain(`${key} ${value}`);
  const path = join(dir, `ssh_config.${key}.${Math.random().toString(36).slice(2)}`);
  await writeFile(path, text);
  return path;
}

function refused(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe.skipIf(skipReason !== undefined)('candidate access: a real OpenSSH client against a real environment', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-access-it-'));
  let before: Residue;
  let ada: Env;
  let grace: Env;
  let adaAccess: AccessJson;
  let graceAccess: AccessJson;

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    for (const candidate of ['ada', 'grace']) {
      const up = await faultline(['up', 'baseline', '--candidate', candidate, '--json'], home.env);
      expect(up.exitCode, up.stderr).toBe(0);
      const env = parseJson<{ state: Env }>(up).state;
      const access = await faultline(['access', env.name, '--out', join(scratch, candidate), '--json'], home.env);
      expect(access.exitCode, access.stderr).toBe(0);
      if (candidate === 'ada') [ada, adaAccess] = [env, parseJson<AccessJson>(access)];
      else [grace, graceAccess] = [env, parseJson<AccessJson>(access)];
    }
  });

  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    rmSync(scratch, { recursive: true, force: true });
    home.remove();
  });

  it('publishes each environment’s bastion on its own loopback port and prints how to connect', async () => {
    expect(ada.access?.bindAddress).toBe('127.0.0.1');
    expect(grace.access?.port).not.toBe(ada.access?.port);
    expect(adaAccess.bastion).toEqual({ host: '127.0.0.1', port: ada.access?.port });
    expect(adaAccess.sshCommand).toBe(`ssh -F ${adaAccess.files.sshConfig} edge`);
    const status = await faultline(['access', ada.name, '--out', join(scratch, 'ada')], home.env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(adaAccess.sshCommand);
    const briefing = await readFile(adaAccess.files.briefing, 'utf8');
    expect(briefing).toContain('**Timebox: ');
    expect(briefing).toContain(adaAccess.sshCommand);
  });

  it('access --json carries paths, the command and fingerprints, never the private key', async () => {
    const result = await faultline(['access', ada.name, '--out', join(scratch, 'ada'), '--json'], home.env);
    const key = await readFile(adaAccess.files.privateKey, 'utf8');
    const keyBody = key.split('\n')[1] ?? '';
    expect(keyBody.length).toBeGreaterThan(20);
    expect(result.stdout).not.toContain(keyBody);
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(adaAccess.fingerprints.candidate).toMatch(/^SHA256:/);
    const hostPrints = [...Object.values(adaAccess.fingerprints.hosts), ...Object.values(graceAccess.fingerprints.hosts)];
    expect(new Set(hostPrints).size).toBe(8);
  });

  it('logs in to edge as the candidate with the bundle’s key, with passwordless sudo', async () => {
    const result = await ssh(['-F', adaAccess.files.sshConfig, 'edge', 'hostname; id -un; sudo -n true && echo sudo-ok']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual(['edge', 'candidate', 'sudo-ok']);
  });

  it('hops to every other machine through edge with ProxyJump, each pinned to its own host key', async () => {
    for (const machine of ['app', 'store', 'mon']) {
      const result = await ssh(['-F', adaAccess.files.sshConfig, machine, 'hostname']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toBe(machine);
    }
    const foreignHosts = await variantConfig(adaAccess.files.sshConfig, scratch, 'UserKnownHostsFile', graceAccess.files.knownHosts);
    const spoofed = await ssh(['-F', foreignHosts, 'edge', 'true']);
    expect(spoofed.exitCode).toBe(255);
    expect(spoofed.stderr).toContain('Host key verification failed');
  });

  it('boots every machine with sshd running and no failed unit', async () => {
    for (const machine of ada.machines) {
      const state = await execa('nsenter', ['-t', String(machine.leaderPid), '-a', 'systemctl', 'is-system-running'], { reject: false });
      expect(`${machine.role}: ${String(state.stdout).trim()}`).toBe(`${machine.role}: running`);
    }
  });

  it('records an interactive pty session that `sessions` collects and `play` replays', async () => {
    const typed = 'echo typed-$((6*7))-marker';
    const result = await ssh(['-tt', '-F', adaAccess.files.sshConfig, 'app'], `${typed}\nexit\n`);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('typed-42-marker');

    const listed = await faultline(['sessions', ada.name, '--json'], home.env);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const { collected, sessions } = parseJson<SessionsJson>(listed);
    expect(collected).toBe(true);
    const session = sessions.filter((s) => s.machine === 'app' && s.mode === 'tty').at(-1);
    expect(session?.ended).not.toBeNull();
    expect(session?.castPath).toBeTruthy();

    const cast = parseAsciicast(await readFile(session!.castPath!, 'utf8'));
    const input = cast.events.filter(([, type]) => type === 'i').map(([, , data]) => data).join('');
    const output = cast.events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('');
    expect(input).toContain(typed);
    expect(output).toContain('typed-42-marker');

    const played = await faultline(['play', ada.name, session!.id, '--speed', '100'], home.env);
    expect(played.exitCode, played.stderr).toBe(0);
    expect(played.stdout).toContain('typed-42-marker');

    const timeline = (await readFile(join(home.home, 'envs', ada.name, 'timeline.jsonl'), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { ts: string; type: string; data?: { session?: string } });
    const events = timeline.filter((event) => event.data?.session === session!.id);
    expect(events.map((event) => event.type)).toEqual(['session.start', 'session.end']);
    expect(events[0]?.ts).toBe(session!.started);
    // Collecting again logs nothing twice.
    await faultline(['sessions', ada.name], home.env);
    const again = (await readFile(join(home.home, 'envs', ada.name, 'timeline.jsonl'), 'utf8')).split('\n').filter((line) => line.includes(session!.id));
    expect(again).toHaveLength(2);
  });

  it('rejects a key the environment did not issue', async () => {
    await mkdir(join(scratch, 'stranger'));
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'stranger', 'id_ed25519')]);
    const config = await variantConfig(adaAccess.files.sshConfig, scratch, 'IdentityFile', join(scratch, 'stranger', 'id_ed25519'));
    const result = await ssh(['-F', config, 'edge', 'true']);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Permission denied (publickey)');
  });

  it('offers only public-key authentication, and never to root, even with the right key', async () => {
    const password = await ssh(['-v', '-F', adaAccess.files.sshConfig, '-o', 'PreferredAuthentications=password', 'edge', 'true']);
    expect(password.exitCode).toBe(255);
    expect(password.stderr).toMatch(/Authentications that can continue: publickey\r?\n/);
    expect(password.stderr).not.toMatch(/can continue: .*(password|keyboard-interactive)/);
    for (const args of [['root@edge'], ['-l', 'root', 'app']]) {
      const root = await ssh(['-F', adaAccess.files.sshConfig, ...args, 'id']);
      expect(root.exitCode).toBe(255);
      expect(root.stderr).toContain('Permission denied (publickey)');
    }
  });

  it('a second environment’s key does not open the first, nor the first’s the second', async () => {
    const own = await ssh(['-F', graceAccess.files.sshConfig, 'edge', 'hostname']);
    expect(own.exitCode, own.stderr).toBe(0);
    const graceKeyOnAda = await variantConfig(adaAccess.files.sshConfig, scratch, 'IdentityFile', graceAccess.files.privateKey);
    const adaKeyOnGrace = await variantConfig(graceAccess.files.sshConfig, scratch, 'IdentityFile', adaAccess.files.privateKey);
    for (const config of [graceKeyOnAda, adaKeyOnGrace]) {
      const result = await ssh(['-F', config, 'edge', 'true']);
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toContain('Permission denied (publickey)');
    }
  });

  it('access on a missing environment exits 30', async () => {
    const result = await faultline(['access', 'no-such-env', '--out', join(scratch, 'missing')], home.env);
    expect(result.exitCode).toBe(30);
    expect(existsSync(join(scratch, 'missing'))).toBe(false);
  });

  it('access --out to an unwritable place exits 44 and writes nothing', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'keep me\n');
    for (const out of [file, join(file, 'bundle')]) {
      const result = await faultline(['access', ada.name, '--out', out, '--json'], home.env);
      expect(result.exitCode, result.stderr).toBe(44);
      expect(parseJson<{ error: { code: string } }>(result).error.code).toBe('OUTPUT_NOT_WRITABLE');
    }
    expect(await readFile(file, 'utf8')).toBe('keep me\n');

    const readOnly = join(scratch, 'read-only');
    await mkdir(readOnly);
    await execa('mount', ['--bind', readOnly, readOnly]);
    try {
      await execa('mount', ['-o', 'remount,bind,ro', readOnly]);
      const result = await faultline(['access', ada.name, '--out', join(readOnly, 'bundle')], home.env);
      expect(result.exitCode, result.stderr).toBe(44);
      expect(result.stderr).toContain('Could not write the access bundle');
      expect(await readdir(readOnly)).toEqual([]);
    } finally {
      await execa('umount', [readOnly]);
    }
  });

  it('reset rebuilds the machines but keeps the handed-out bundle valid and the sessions recorded before it', async () => {
    const sessionsBefore = parseJson<SessionsJson>(await faultline(['sessions', ada.name, '--json'], home.env)).sessions.map((s) => s.id);
    expect(sessionsBefore.length).toBeGreaterThan(0);
    const reset = await faultline(['reset', ada.name, '--json'], home.env);
    expect(reset.exitCode, reset.stderr).toBe(0);
    const after = parseJson<{ state: Env }>(reset).state;
    expect(after.access).toEqual(ada.access);
    expect(after.machines.map((m) => m.leaderPid)).not.toEqual(ada.machines.map((m) => m.leaderPid));
    ada = after;
    const result = await ssh(['-F', adaAccess.files.sshConfig, 'store', 'hostname']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('store');
    const sessionsAfter = parseJson<SessionsJson>(await faultline(['sessions', ada.name, '--json'], home.env)).sessions.map((s) => s.id);
    expect(sessionsAfter).toEqual(expect.arrayContaining(sessionsBefore));
    expect(sessionsAfter.length).toBe(sessionsBefore.length + 1);
  });

  it('down removes the published ports, the keys and every host object', async () => {
    for (const env of [ada, grace]) {
      const down = await faultline(['down', env.name, '--wait'], home.env);
      expect(down.exitCode, down.stderr).toBe(0);
      expect(await refused('127.0.0.1', env.access!.port)).toBe('ECONNREFUSED');
      expect(existsSync(join(home.home, 'envs', env.name))).toBe(false);
    }
    const residue = JSON.stringify(await snapshotResidue(home.home));
    for (const id of [ada.id, grace.id]) expect(residue).not.toMatch(new RegExp(`faultline:${id}|fl-${id}|flb-${id}`));
    // Host-wide: run integration files one at a time (as CI does), or other environments show up here.
    expect(await snapshotResidue(home.home)).toEqual(before);
  });

  it('gc unpublishes a port whose environment has no state', async () => {
    const { publishPort, listPublishedPorts } = await import('../../src/access/port-publish.js');
    const envId = 'abcde0';
    const bridge = `flb-${envId}`;
    await execa('ip', ['link', 'add', bridge, 'type', 'bridge']);
    try {
      const port = await publishPort({ envId, bindAddress: '127.0.0.1', hostPort: 2399, targetIp: '10.254.250.10', targetPort: 22 });
      expect((await listPublishedPorts()).map((p) => p.envId)).toContain(envId);
      const gc = await faultline(['gc', '--json'], home.env);
      expect(gc.exitCode, gc.stderr).toBe(0);
      expect(parseJson<{ objects: string[] }>(gc).objects).toContain(`published port 127.0.0.1:${port.hostPort} faultline:${envId}`);
      expect((await listPublishedPorts()).map((p) => p.envId)).not.toContain(envId);
    } finally {
      await execa('ip', ['link', 'del', bridge], { reject: false });
    }
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});
