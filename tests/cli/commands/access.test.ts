import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureEnvKeys } from '../../../src/engine/access/env-keys.js';
import { faultline, parseJson } from '../../support/faultline-cli.js';
import { writeAccessEnv } from './access-env.js';

let root: string;
let home: string;
const saved = process.env.FAULTLINE_HOME;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'faultline-access-cli-'));
  home = join(root, 'home');
  process.env.FAULTLINE_HOME = home;
});
afterEach(async () => {
  if (saved === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = saved;
  await rm(root, { recursive: true, force: true });
});

describe('faultline access', () => {
  it('writes the bundle with the scenario’s briefing and prints the ssh command', async () => {
    const state = await writeAccessEnv(home);
    const keys = await ensureEnvKeys(state.name);
    const out = join(root, 'bundle');
    const result = await faultline(['access', state.name, '--out', out], { FAULTLINE_HOME: home });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`ssh -F ${join(out, 'ssh_config')} edge`);
    expect(result.stdout).toContain(keys.candidate.fingerprint);
    expect(await readFile(join(out, 'id_ed25519'), 'utf8')).toBe(await readFile(keys.candidate.privateKeyPath, 'utf8'));
    expect((await stat(join(out, 'id_ed25519'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(out, 'ssh_config'), 'utf8')).toMatch(/Host edge\n {2}HostName 127\.0\.0\.1\n {2}Port 2234\n/);
    const briefing = await readFile(join(out, 'BRIEFING.md'), 'utf8');
    expect(briefing).toContain('# Orders is slow for some customers');
    expect(briefing).toContain('**Timebox: 25m.**');
    expect(briefing).toContain('checkout sometimes hangs');
    const knownHosts = await readFile(join(out, 'known_hosts'), 'utf8');
    expect(knownHosts.split('\n').filter(Boolean).map((line) => line.split(' ')[0])).toEqual(['edge', 'app', 'store', 'mon']);
  });

  it('--json gives paths, the command and fingerprints, never the key; --host overrides the HostName', async () => {
    const state = await writeAccessEnv(home);
    const keys = await ensureEnvKeys(state.name);
    const result = await faultline(['access', state.name, '--out', join(root, 'b'), '--host', 'interview.example.test', '--json'], { FAULTLINE_HOME: home });
    expect(result.exitCode, result.stderr).toBe(0);
    const json = parseJson<{ version: number; sshCommand: string; bastion: unknown; fingerprints: { candidate: string; hosts: Record<string, string> } }>(result);
    expect(json.version).toBe(1);
    expect(json.bastion).toEqual({ host: 'interview.example.test', port: 2234 });
    expect(json.fingerprints.candidate).toBe(keys.candidate.fingerprint);
    expect(Object.keys(json.fingerprints.hosts)).toEqual(['edge', 'app', 'store', 'mon']);
    const keyBody = (await readFile(keys.candidate.privateKeyPath, 'utf8')).split('\n')[1] ?? 'missing';
    expect(result.stdout).not.toContain(keyBody);
    expect(result.stdout).not.toContain('PRIVATE KEY');
  });

  it('exits 30 for a missing environment', async () => {
    const result = await faultline(['access', 'nope', '--out', join(root, 'b')], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(30);
  });

  it('exits 44 and leaves the path alone when --out is a file or holds other files', async () => {
    const state = await writeAccessEnv(home);
    await ensureEnvKeys(state.name);
    const file = join(root, 'notes.txt');
    await writeFile(file, 'mine\n');
    for (const out of [file, join(file, 'sub'), root]) {
      const result = await faultline(['access', state.name, '--out', out], { FAULTLINE_HOME: home });
      expect(result.exitCode, `${out}: ${result.stderr}`).toBe(44);
    }
    expect(await readFile(file, 'utf8')).toBe('mine\n');
  });

  it('refuses an environment that failed, saying to reset it', async () => {
    const state = await writeAccessEnv(home, { phase: 'failed', failure: { step: 'baseline gate', message: 'x' } });
    await ensureEnvKeys(state.name);
    const result = await faultline(['access', state.name, '--out', join(root, 'b')], { FAULTLINE_HOME: home });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('faultline reset');
  });
});
