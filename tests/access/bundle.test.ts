import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderBriefing } from '../../src/access/briefing.js';
import { BUNDLE_MARKER, renderKnownHosts, writeAccessBundle, type WriteAccessBundleInput } from '../../src/access/bundle.js';
import { FaultlineError } from '../../src/errors/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-bundle-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJd0bCKDSeDF3cOoGIQw4w3y6ypCzvQwNq0Xh8VDn5Ab';
function input(outDir: string): WriteAccessBundleInput {
  return {
    outDir,
    privateKeyPem: '-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----',
    machines: ['edge', 'app', 'store', 'mon'].map((name) => ({ name })),
    bastion: { host: '127.0.0.1', port: 2222 },
    knownHosts: ['edge', 'app', 'store', 'mon'].map((machine) => ({ machine, publicKey: `${KEY} root@${machine}` })),
    briefing: '# briefing\n',
  };
}

/** Ask the real OpenSSH client how it reads the config for one host. */
async function effectiveSsh(config: string, host: string): Promise<Map<string, string>> {
  const { stdout } = await execa('ssh', ['-G', '-F', config, host]);
  return new Map(stdout.split('\n').map((line) => [line.split(' ')[0] ?? '', line.split(' ').slice(1).join(' ')]));
}

describe('writeAccessBundle', () => {
  it('writes key, config, known_hosts and briefing with private modes and returns the ssh command', async () => {
    const out = join(dir, 'access');
    const bundle = await writeAccessBundle(input(out));
    expect(bundle.sshCommand).toBe(`ssh -F ${out}/ssh_config edge`);
    expect((await stat(out)).mode & 0o777).toBe(0o700);
    expect((await stat(join(out, 'id_ed25519'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(out, 'id_ed25519'), 'utf8')).toMatch(/END OPENSSH PRIVATE KEY-----\n$/);
    expect((await readdir(out)).sort()).toEqual([BUNDLE_MARKER, 'BRIEFING.md', 'id_ed25519', 'known_hosts', 'ssh_config']);
    expect(await readdir(dir)).toEqual(['access']);
  });

  it('renders a config OpenSSH reads as: bastion direct on the published port, others through it', async () => {
    const out = join(dir, 'access dir');
    const bundle = await writeAccessBundle(input(out));
    const edge = await effectiveSsh(bundle.files.sshConfig, 'edge');
    expect(edge.get('hostname')).toBe('127.0.0.1');
    expect(edge.get('port')).toBe('2222');
    expect(edge.get('user')).toBe('candidate');
    expect(edge.get('proxyjump')).toBeUndefined();
    expect(edge.get('identityfile')).toBe(bundle.files.privateKey);
    const app = await effectiveSsh(bundle.files.sshConfig, 'app');
    expect(app.get('hostname')).toBe('app');
    expect(app.get('port')).toBe('22');
    expect(app.get('proxyjump')).toBe('edge');
    expect(app.get('hostkeyalias')).toBe('app');
    expect(app.get('stricthostkeychecking')).toBe('true');
    expect(app.get('userknownhostsfile')).toBe(bundle.files.knownHosts);
  });

  it('pins every machine by alias in known_hosts, which ssh-keygen can look up', async () => {
    const bundle = await writeAccessBundle(input(join(dir, 'access')));
    const { stdout } = await execa('ssh-keygen', ['-F', 'store', '-f', bundle.files.knownHosts]);
    expect(stdout).toContain(`store ${KEY}`);
  });

  it('replaces an earlier bundle in place', async () => {
    const out = join(dir, 'access');
    await writeAccessBundle(input(out));
    await writeAccessBundle({ ...input(out), briefing: '# second\n' });
    expect(await readFile(join(out, 'BRIEFING.md'), 'utf8')).toBe('# second\n');
    expect(await readdir(dir)).toEqual(['access']);
  });

  it('refuses to replace a directory holding other files, and leaves it untouched', async () => {
    const out = join(dir, 'Desktop');
    await mkdir(out);
    await writeFile(join(out, 'thesis.tex'), 'precious');
    await expect(writeAccessBundle(input(out))).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
    expect(await readdir(out)).toEqual(['thesis.tex']);
  });

  it('fails with OUTPUT_NOT_WRITABLE and leaves no partial files when the parent cannot hold it', async () => {
    await writeFile(join(dir, 'a-file'), '');
    const error = await writeAccessBundle(input(join(dir, 'a-file', 'access'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('OUTPUT_NOT_WRITABLE');
    expect(await readdir(dir)).toEqual(['a-file']);
  });

  it('removes the temp dir when writing a file fails midway', async () => {
    const bad = { ...input(join(dir, 'access')), briefing: undefined as unknown as string };
    await expect(writeAccessBundle(bad)).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses machine names that would add ssh_config directives', async () => {
    await expect(writeAccessBundle({ ...input(join(dir, 'x')), machines: [{ name: 'app\n  ProxyCommand sh' }] })).rejects.toThrow(/host alias/);
  });
});

describe('renderKnownHosts', () => {
  it('refuses a host key that is not ed25519', () => {
    expect(() => renderKnownHosts([{ machine: 'app', publicKey: 'ssh-rsa AAAAB3 x' }])).toThrow(/ssh-ed25519/);
  });
});

describe('renderBriefing', () => {
  it('tells the candidate the incident, timebox, how to get in and where the signals are', () => {
    const text = renderBriefing({
      title: 'Orders are failing',
      incident: 'Checkout returns 502 since 14:05.',
      timebox: '45m',
      machines: ['edge', 'app', 'store', 'mon'],
      sshCommand: 'ssh -F /b/ssh_config edge',
      sshConfigPath: '/b/ssh_config',
    });
    expect(text).toContain('# Orders are failing');
    expect(text).toContain('Timebox: 45m');
    expect(text).toContain('Checkout returns 502 since 14:05.');
    expect(text).toContain('ssh -F /b/ssh_config edge');
    expect(text).toContain('`store`: `ssh -F /b/ssh_config store`');
    expect(text).toContain('curl -s mon:9090');
    expect(text).toContain('journalctl -D /var/log/journal/remote');
    expect(text).toContain('recorded');
    expect(text).not.toContain('Loki');
  });
});
