import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf, generateHostKeys, generateKeyPair } from '../../src/access/keys.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateKeyPair', () => {
  it('creates an unencrypted ed25519 pair with a 0600 private key and the given comment', async () => {
    const pair = await generateKeyPair(join(dir, 'env'), 'faultline-env-abc');
    expect((await stat(pair.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'env'))).mode & 0o777).toBe(0o700);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ faultline-env-abc$/);
    expect(await readFile(pair.privateKeyPath, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    // No passphrase: ssh-keygen can derive the public key without prompting.
    const derived = await execa('ssh-keygen', ['-y', '-P', '', '-f', pair.privateKeyPath]);
    expect(derived.stdout.split(' ').slice(0, 2)).toEqual(pair.publicKey.split(' ').slice(0, 2));
  });

  it('reports the same SHA256 fingerprint ssh-keygen prints', async () => {
    const pair = await generateKeyPair(dir, 'c');
    const { stdout } = await execa('ssh-keygen', ['-l', '-f', pair.publicKeyPath]);
    expect(stdout).toContain(pair.fingerprint);
    expect(pair.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('replaces an existing pair instead of prompting to overwrite', async () => {
    const first = await generateKeyPair(dir, 'c');
    const second = await generateKeyPair(dir, 'c');
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it('refuses a comment that could smuggle text into configs', async () => {
    await expect(generateKeyPair(dir, 'evil\nHost *')).rejects.toThrow(/Key comment/);
  });
});

describe('generateHostKeys', () => {
  it('gives every machine its own host key, named as sshd expects', async () => {
    const keys = await generateHostKeys(dir, ['edge', 'app', 'store', 'mon']);
    expect(keys.map((key) => key.machine)).toEqual(['edge', 'app', 'store', 'mon']);
    expect(new Set(keys.map((key) => key.fingerprint)).size).toBe(4);
    expect(keys[0]?.privateKeyPath).toBe(join(dir, 'edge', 'ssh_host_ed25519_key'));
    expect(keys[1]?.publicKey).toMatch(/ root@app$/);
  });
});

describe('fingerprintOf', () => {
  it('fails with the command error when the file is not a key', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'junk'), 'not a key\n');
    await expect(fingerprintOf(join(dir, 'junk'))).rejects.toThrow(/ssh-keygen/);
  });
});
