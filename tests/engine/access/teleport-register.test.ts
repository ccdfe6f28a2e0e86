import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { envTeleportPaths } from '../../../src/engine/access/teleport-paths.js';
import { deregisterTeleportNode, readTeleportRegistration, registerTeleportNode } from '../../../src/engine/access/teleport-register.js';
import type { EnvHandles } from '../../../src/engine/env-context.js';
import { configSchema } from '../../../src/schema/config.js';
import type { EnvState } from '../../../src/schema/state.js';
import { targetFor } from '../../../src/targets/index.js';

/** Registration without a cluster: `register: file` (print the command), and a tctl that fails. */
let home: string;
const previousHome = process.env.FAULTLINE_HOME;
const previousPath = process.env.PATH;
const NODE_ID = '0b7e3c9a-3f0c-4d7e-9a41-2b8c1d2e3f40';
// registration asks the target whether this host serves the environment's access (the local target does).
const handles = { target: targetFor('local', configSchema.parse({})) } as EnvHandles;
const state = (name: string): EnvState =>
  ({ id: 'ab12cd', name, target: 'local', scenario: 'baseline', candidate: 'ada', expiresAt: '2026-12-02T18:00:00.000Z', access: { bindAddress: '192.0.2.10', port: 2201 } }) as EnvState;

async function setup(name: string, teleport: Record<string, unknown>): Promise<void> {
  await writeFile(join(home, 'config.yaml'), stringify({ local: { bindAddress: '192.0.2.10' }, teleport: { proxy: 'tp.example.com:443', userCaFile: join(home, 'ca.pub'), hostCert: { command: ['/bin/true'] }, ...teleport } }));
  await mkdir(envTeleportPaths(name).dir, { recursive: true });
  await writeFile(envTeleportPaths(name).nodeId, `${NODE_ID}\n`);
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'fl-teleport-register-'));
  process.env.FAULTLINE_HOME = home;
  await writeFile(join(home, 'ca.pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr test\n');
  await mkdir(join(home, 'bin'));
  await writeFile(join(home, 'bin', 'tctl'), '#!/bin/sh\necho "access denied to perform action create on node" >&2\nexit 1\n');
  await chmod(join(home, 'bin', 'tctl'), 0o755);
});
afterAll(async () => {
  process.env.PATH = previousPath;
  if (previousHome === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = previousHome;
  await rm(home, { recursive: true, force: true });
});

describe('Teleport node registration', () => {
  it('without tctl, writes the node resource and prints the tctl commands for the interviewer (up and down)', async () => {
    await setup('env-file', { register: 'file' });
    const lines: string[] = [];
    await registerTeleportNode(state('env-file'), handles, (line) => lines.push(line));
    const paths = envTeleportPaths('env-file');
    expect(lines).toEqual([`teleport: node resource written to ${paths.nodeResource}; register it with: tctl create -f ${paths.nodeResource}`]);
    expect(parse(await readFile(paths.nodeResource, 'utf8'))).toMatchObject({ sub_kind: 'openssh', metadata: { name: NODE_ID }, spec: { addr: '192.0.2.10:2201', hostname: 'env-ab12cd' } });
    expect(await readTeleportRegistration('env-file')).toMatchObject({ via: 'file', nodeId: NODE_ID });
    const downLines: string[] = [];
    await deregisterTeleportNode(state('env-file'), handles, (line) => downLines.push(line));
    expect(downLines).toEqual([`teleport: deregister node env-ab12cd with: tctl rm node/${NODE_ID}`]);
  });

  it('a failing tctl create fails the up (PROVISION_FAILED, with tctl’s words); a failing tctl rm only warns', async () => {
    process.env.PATH = `${join(home, 'bin')}:${previousPath ?? ''}`;
    await setup('env-tctl', { register: 'tctl' });
    const error = await registerTeleportNode(state('env-tctl'), handles, () => undefined).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROVISION_FAILED', details: expect.arrayContaining(['access denied to perform action create on node']) });
    await writeFile(envTeleportPaths('env-tctl').registration, JSON.stringify({ nodeId: NODE_ID, hostname: 'env-ab12cd', addr: '192.0.2.10:2201', proxy: 'tp.example.com:443', login: 'candidate', via: 'tctl', resourceFile: 'x', tctl: join(home, 'bin', 'tctl') }));
    const lines: string[] = [];
    await deregisterTeleportNode(state('env-tctl'), handles, (line) => lines.push(line));
    expect(lines).toEqual([`warning: tctl could not deregister env-ab12cd; remove it with: ${join(home, 'bin', 'tctl')} rm node/${NODE_ID}`]);
  });
});
