import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_PATHS } from '../../src/access/access-paths.js';
import { generateKeyPair } from '../../src/access/keys.js';
import { readImageAccountFiles, renderMachineAccessSeed } from '../../src/access/machine-access-seed.js';
import { writeSeedEntries } from '../../src/access/seed-files.js';

let dir: string;
let image: string;
let upper: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-seed-'));
  image = join(dir, 'image');
  upper = join(dir, 'upper');
  // A tiny stand-in for the base image: this host's own account files and skel are bookworm's.
  await mkdir(join(image, 'etc/skel'), { recursive: true });
  for (const name of ['passwd', 'group', 'shadow', 'gshadow']) await writeFile(join(image, 'etc', name), await readFile(join('/etc', name)));
  await writeFile(join(image, 'etc/skel/.bashrc'), '# skel bashrc\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seed() {
  const hostKey = await generateKeyPair(join(dir, 'keys', 'app'), 'root@app', 'ssh_host_ed25519_key');
  const candidate = await generateKeyPair(join(dir, 'keys'), 'candidate@env');
  const { accounts, skel } = await readImageAccountFiles(image);
  const result = renderMachineAccessSeed({
    hostKey: { privateKey: await readFile(hostKey.privateKeyPath, 'utf8'), publicKey: hostKey.publicKey },
    candidatePublicKey: candidate.publicKey,
    accounts,
    skel,
  });
  await writeSeedEntries(upper, result.entries);
  return { ...result, hostKey, candidate };
}

const modeOf = async (path: string) => (await stat(join(upper, path))).mode & 0o7777;

describe('renderMachineAccessSeed + writeSeedEntries', () => {
  it('writes the host key 0600 and the sudoers file 0440, root-owned', async () => {
    const { hostKey } = await seed();
    expect(await modeOf(ACCESS_PATHS.hostKey)).toBe(0o600);
    expect(await readFile(join(upper, ACCESS_PATHS.hostKey), 'utf8')).toBe(await readFile(hostKey.privateKeyPath, 'utf8'));
    expect(await modeOf(ACCESS_PATHS.sudoers)).toBe(0o440);
    expect((await stat(join(upper, ACCESS_PATHS.sudoers))).uid).toBe(0);
  });

  it('gives the candidate a home they own, with the image skel copied in', async () => {
    const { account } = await seed();
    const home = await stat(join(upper, 'home/candidate'));
    expect([home.uid, home.gid, home.mode & 0o777]).toEqual([account.uid, account.gid, 0o750]);
    expect((await stat(join(upper, 'home/candidate/.bashrc'))).uid).toBe(account.uid);
    expect(await readFile(join(upper, 'etc/passwd'), 'utf8')).toContain(`candidate:x:${account.uid}:`);
  });

  it('keeps /etc/shadow readable by the shadow group only', async () => {
    await seed();
    const shadow = await stat(join(upper, 'etc/shadow'));
    expect(shadow.mode & 0o777).toBe(0o640);
    const { stdout } = await execa('getent', ['group', 'shadow']);
    expect(shadow.gid).toBe(Number(stdout.split(':')[2]));
  });

  it('makes the sessions directory sticky and write-only for users, and the recorder executable', async () => {
    await seed();
    expect(await modeOf(ACCESS_PATHS.sessionsDir)).toBe(0o1733);
    expect(await modeOf(ACCESS_PATHS.sessionWrapper)).toBe(0o755);
    await execa('bash', ['-n', join(upper, ACCESS_PATHS.sessionWrapper)]);
  });

  it('authorises exactly the environment key, in a root-owned file', async () => {
    const { candidate } = await seed();
    const path = join(upper, ACCESS_PATHS.authorizedKeysDir, 'candidate');
    expect(await readFile(path, 'utf8')).toBe(`${candidate.publicKey}\n`);
    expect((await stat(path)).uid).toBe(0);
  });
});

describe('writeSeedEntries', () => {
  it('refuses paths that climb out of the root', async () => {
    await expect(writeSeedEntries(upper, [{ kind: 'file', path: '/etc/../../escape', content: '', mode: 0o644 }])).rejects.toThrow(/normalised/);
    await expect(writeSeedEntries(upper, [{ kind: 'file', path: 'etc/x', content: '', mode: 0o644 }])).rejects.toThrow(/absolute/);
  });
});
