import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightTeleport } from '../../../src/engine/access/teleport-preflight.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { configSchema } from '../../../src/schema/config.js';

let dir: string;
let caFile: string;
let signer: string;
const emptyPath = '/nonexistent-faultline-path';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-teleport-preflight-'));
  caFile = join(dir, 'ca.pub');
  await writeFile(caFile, 'cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr clustername=example&type=openssh\n');
  signer = join(dir, 'sign-host');
  await writeFile(signer, '#!/bin/sh\nexit 0\n');
  await chmod(signer, 0o755);
  await writeFile(join(dir, 'tctl'), '#!/bin/sh\nexit 0\n');
  await chmod(join(dir, 'tctl'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = (teleport: Record<string, unknown>, local: Record<string, unknown> = { bindAddress: '192.0.2.10' }) =>
  configSchema.parse({ local, teleport: { proxy: 'teleport.example.com:443', ...teleport } });

async function refusal(promise: Promise<unknown>): Promise<FaultlineError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FaultlineError);
  return error as FaultlineError;
}

describe('preflightTeleport', () => {
  it('does nothing without a teleport section', async () => {
    expect(await preflightTeleport(configSchema.parse({}), emptyPath)).toBeUndefined();
  });

  it('passes with exported files, a host-cert command and no tctl: the node resource is left to the interviewer', async () => {
    const plan = await preflightTeleport(config({ userCaFile: caFile, hostCert: { command: [signer, '{principals}', '{out}'] } }), emptyPath);
    expect(plan).toMatchObject({ advertiseHost: '192.0.2.10', register: 'file', tctl: undefined });
  });

  it('registers with tctl when it is on PATH', async () => {
    expect(await preflightTeleport(config({ userCaFile: caFile }), dir)).toMatchObject({ register: 'tctl', tctl: join(dir, 'tctl') });
  });

  it('refuses the default loopback bind address (exit 62), unless the proxy is said to run on this host', async () => {
    const error = await refusal(preflightTeleport(config({ userCaFile: caFile }, {}), dir));
    expect([error.code, error.exitCode]).toEqual(['TELEPORT_ADDRESS_UNREACHABLE', 62]);
    expect(error.message).toContain('127.0.0.1');
    expect(error.hint).toContain('local.bindAddress');
    expect(error.hint).toContain('teleport.allowLoopback: true');
    expect(await preflightTeleport(config({ userCaFile: caFile, allowLoopback: true }, {}), dir)).toMatchObject({ advertiseHost: '127.0.0.1' });
  });

  it('refuses 0.0.0.0 without teleport.advertiseHost, and uses advertiseHost when given', async () => {
    const error = await refusal(preflightTeleport(config({ userCaFile: caFile }, { bindAddress: '0.0.0.0' }), dir));
    expect(error.code).toBe('TELEPORT_ADDRESS_UNREACHABLE');
    expect(error.hint).toContain('teleport.advertiseHost');
    expect(await preflightTeleport(config({ userCaFile: caFile, advertiseHost: 'fl-host.example.com' }, { bindAddress: '0.0.0.0' }), dir)).toMatchObject({ advertiseHost: 'fl-host.example.com' });
  });

  it('refuses a missing tctl when it is needed (exit 61), naming what for', async () => {
    const error = await refusal(preflightTeleport(config({}), emptyPath));
    expect([error.code, error.exitCode]).toEqual(['TCTL_MISSING', 61]);
    expect(error.message).toContain('exporting the OpenSSH user CA');
    expect(error.message).toContain('signing each environment’s host certificate');
    const forRegistration = await refusal(preflightTeleport(config({ userCaFile: caFile, hostCert: { command: [signer] }, register: 'tctl' }), emptyPath));
    expect(forRegistration.message).toContain('registering the node');
  });

  it('refuses an unreadable or empty user CA file and a host-cert command that does not exist (exit 60)', async () => {
    for (const teleport of [{ userCaFile: join(dir, 'missing.pub') }, { userCaFile: signer }, { userCaFile: caFile, hostCert: { command: [join(dir, 'no-signer')] } }]) {
      const error = await refusal(preflightTeleport(config(teleport), dir));
      expect([error.code, error.exitCode]).toEqual(['TELEPORT_MATERIAL_MISSING', 60]);
    }
  });
});
