import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { inspectCertificate } from '../../../src/access/ssh-cert.js';
import { describeTeleport } from '../../../src/engine/access/teleport-access.js';
import { createAwsTeleportProvider, registerAwsTeleportNode } from '../../../src/engine/access/teleport-aws.js';
import { envTeleportPaths } from '../../../src/engine/access/teleport-paths.js';
import { readTeleportRegistration } from '../../../src/engine/access/teleport-register.js';
import { downEnvironment } from '../../../src/engine/down.js';
import type { EnvHandles } from '../../../src/engine/env-context.js';
import { runHooks } from '../../../src/engine/hooks.js';
import { loadFeatures } from '../../../src/engine/features.js';
import { reapExpired } from '../../../src/engine/reap.js';
import { writeState } from '../../../src/core/state-store.js';
import { configSchema, type Config } from '../../../src/schema/config.js';
import { envStateSchema, type EnvState } from '../../../src/schema/state.js';
import { ERROR_CATALOGUE } from '../../../src/errors/index.js';
import { targetFor } from '../../../src/targets/index.js';
import { createTestSshCa, type TestSshCa } from '../../support/test-ssh-ca.js';

/**
 * The aws agentless mode around `pulumi up`, without AWS or Teleport: a fake
 * `tctl` (a real script on PATH recording its argv and signing with a test
 * host CA) and a fake `pulumi` (records, then fails) show what faultline
 * runs, in which order: CA export and host signing before the instance,
 * `tctl create -f` after up, `tctl rm` on down/reap before the stack goes.
 */
const NODE_ID = '5c1f2e3d-4b5a-4978-8a6b-7c8d9e0f1a2b';
const EIP = '198.51.100.20';
const previousHome = process.env.FAULTLINE_HOME;
const previousPath = process.env.PATH;
let home: string;
let log: string;
let ca: TestSshCa;
/** What hooks get on aws: the target (its agentlessTeleportAddress); no executor or probes are needed. */
const handles = { get target() { return targetFor('aws', config()); } } as EnvHandles;

const calls = async (): Promise<string[]> => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => l.replaceAll(home, '<home>'));
const resetCalls = () => rm(log, { force: true });

function config(teleport: Record<string, unknown> = {}): Config {
  return configSchema.parse({ teleport: { proxy: 'tp.example.com:443', aws: { mode: 'agentless', proxyCidrs: ['203.0.113.5/32'] }, ...teleport } });
}

function awsState(name: string, expiresAt = new Date(Date.now() + 4 * 3_600_000).toISOString()): EnvState {
  return envStateSchema.parse({
    version: 1,
    id: 'c0ffee',
    name,
    scenario: 'baseline',
    scenarioPath: '/s/baseline.yaml',
    candidate: 'ada',
    seed: 1,
    target: 'aws',
    createdAt: '2026-12-02T10:00:00.000Z',
    expiresAt,
    phase: 'ready',
    subnet: '',
    bridge: '',
    machines: [],
    extra: { cloud: { stack: 'env-c0ffee', outputs: { publicIp: EIP, instanceId: 'i-0abc' } } },
  });
}

async function fake(name: string, body: string): Promise<void> {
  await writeFile(join(home, 'bin', name), `#!/bin/sh\n${body}\n`);
  await chmod(join(home, 'bin', name), 0o755);
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'fl-teleport-aws-'));
  process.env.FAULTLINE_HOME = home;
  log = join(home, 'calls.log');
  ca = await createTestSshCa(join(home, 'ca'));
  await mkdir(join(home, 'bin'));
  await mkdir(join(home, 'cluster'));
  await fake(
    'tctl',
    [
      `echo "tctl $*" >> ${log}`,
      'case "$1 $2" in',
      `  "auth export") echo "cert-authority ${ca.userCa.publicKey}";;`,
      '  "auth sign")',
      '    for a in "$@"; do case "$a" in --host=*) host="${a#--host=}";; --out=*) out="${a#--out=}";; esac; done',
      '    rm -f "$out" "$out.pub" "$out-cert.pub"',
      `    ssh-keygen -q -t ed25519 -N '' -f "$out" && ssh-keygen -q -s ${ca.hostCa.key} -h -I node -n "$host" -V -5m:+30d "$out.pub" && rm -f "$out.pub";;`,
      `  "create -f") cp "$3" ${home}/cluster/node.yaml;;`,
      `  rm\\ node/*) [ -f ${home}/cluster/node.yaml ] || { echo "node \\"\${2#node/}\\" not found" >&2; exit 1; }; rm ${home}/cluster/node.yaml;;`,
      '  *) exit 2;;',
      'esac',
    ].join('\n'),
  );
  await fake('pulumi', `echo "pulumi $*" >> ${log}\nexit 1`);
  await writeFile(join(home, 'config.yaml'), stringify({ teleport: { proxy: 'tp.example.com:443', aws: { mode: 'agentless', proxyCidrs: ['203.0.113.5/32'] } } }));
});
afterAll(async () => {
  process.env.PATH = previousPath;
  if (previousHome === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = previousHome;
  await rm(home, { recursive: true, force: true });
});

describe('aws agentless: material before up', () => {
  it('refuses before anything is created: no tctl and nothing exported (TCTL_MISSING, exit 61)', async () => {
    const error = await createAwsTeleportProvider(config(), '/nonexistent').preflight().then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'TCTL_MISSING', message: expect.stringContaining('exporting the OpenSSH user CA') });
    expect(ERROR_CATALOGUE.TCTL_MISSING.exit).toBe(61);
  });

  it('refuses an exported CA file that is missing or holds no key (TELEPORT_MATERIAL_MISSING, exit 60)', async () => {
    const missing = createAwsTeleportProvider(config({ userCaFile: join(home, 'nope.pub'), hostCert: { command: ['/bin/true'] }, register: 'file' }), '/nonexistent');
    await expect(missing.preflight()).rejects.toMatchObject({ code: 'TELEPORT_MATERIAL_MISSING' });
    await writeFile(join(home, 'empty.pub'), '# nothing\n');
    const empty = createAwsTeleportProvider(config({ userCaFile: join(home, 'empty.pub'), hostCert: { command: ['/bin/true'] }, register: 'file' }), '/nonexistent');
    await expect(empty.preflight()).rejects.toMatchObject({ code: 'TELEPORT_MATERIAL_MISSING' });
    expect(ERROR_CATALOGUE.TELEPORT_MATERIAL_MISSING.exit).toBe(60);
  });

  it('exports the user CA, then signs the host certificate for UUID, hostname and the Elastic IP once (reused on a second up)', async () => {
    process.env.PATH = `${join(home, 'bin')}:${previousPath ?? ''}`;
    await resetCalls();
    const state = awsState('baseline-ada-c0ffee');
    await mkdir(envTeleportPaths(state.name).dir, { recursive: true });
    await writeFile(envTeleportPaths(state.name).nodeId, `${NODE_ID}\n`);
    const provider = createAwsTeleportProvider(config());
    await provider.preflight();
    const material = await provider.prepare(state);
    expect(material.login).toBe('candidate');
    expect(material.userCaKeys).toBe(`${ca.userCa.publicKey}\n`);
    const cert = await material.signHostCert(EIP);
    expect(cert.privateKey).toContain('PRIVATE KEY');
    const info = await inspectCertificate(envTeleportPaths(state.name).hostCert);
    expect(info.kind).toBe('host');
    expect(info.principals).toEqual([NODE_ID, 'env-c0ffee', EIP]);
    expect(await material.signHostCert(EIP)).toEqual(cert);
    expect((await calls()).map((c) => c.replace(/--ttl=\d+m/, '--ttl=<ttl>'))).toEqual([
      'tctl auth export --type=openssh',
      `tctl auth sign --host=${NODE_ID},env-c0ffee,${EIP} --format=openssh --out=<home>/envs/baseline-ada-c0ffee/access/teleport/host_key --ttl=<ttl> --overwrite`,
    ]);
  });
});

describe('aws agentless: registration after up, deregistration on down and reap', () => {
  it('after up (the afterBaseline hooks), creates the node at <Elastic IP>:22 with tctl; access prints tsh and the web terminal', async () => {
    process.env.PATH = `${join(home, 'bin')}:${previousPath ?? ''}`;
    await resetCalls();
    const state = awsState('baseline-ada-c0ffee', '2026-12-02T22:00:00.000Z');
    await writeState(state);
    await loadFeatures();
    const lines: string[] = [];
    await runHooks('afterBaseline', state, handles, (line) => lines.push(line));
    const paths = envTeleportPaths(state.name);
    expect(await calls()).toEqual(['tctl create -f <home>/envs/baseline-ada-c0ffee/access/teleport/node.yaml']);
    expect(lines).toContain(`teleport: registered agentless node env-c0ffee (${NODE_ID}) at ${EIP}:22`);
    const resource = await readFile(paths.nodeResource, 'utf8');
    expect(resource).toMatchSnapshot('aws node resource');
    expect(parse(await readFile(join(home, 'cluster', 'node.yaml'), 'utf8'))).toEqual(parse(resource));
    expect(await readTeleportRegistration(state.name)).toMatchObject({ via: 'tctl', addr: `${EIP}:22`, hostname: 'env-c0ffee' });
    expect(await describeTeleport(state, config())).toEqual({
      command: 'tsh login --proxy=tp.example.com:443 && tsh ssh candidate@env-c0ffee',
      web: 'https://tp.example.com/web (Resources → env-c0ffee → Connect → candidate)',
    });
  });

  it('reap removes the node with tctl before it touches the stack, and again harmlessly when the destroy failed', async () => {
    await resetCalls();
    const lines: string[] = [];
    const expired = { ...awsState('baseline-ada-c0ffee', '2026-12-02T10:30:00.000Z') };
    await writeState(expired);
    const first = await reapExpired({ progress: (line) => lines.push(line) });
    // The fake pulumi fails the destroy: the state is kept for the next reap.
    expect(first).toEqual([expect.objectContaining({ name: expired.name, result: 'failed' })]);
    const order = await calls();
    expect(order[0]).toBe(`tctl rm node/${NODE_ID}`);
    expect(order.slice(1).every((c) => c.startsWith('pulumi '))).toBe(true);
    expect(order.length).toBeGreaterThan(1);
    expect(existsSync(join(home, 'cluster', 'node.yaml'))).toBe(false);
    expect(lines).toContain(`teleport: deregistered node env-c0ffee (${NODE_ID})`);

    await resetCalls();
    lines.length = 0;
    await downEnvironment(expired.name, (line) => lines.push(line)).catch(() => undefined);
    expect((await calls())[0]).toBe(`tctl rm node/${NODE_ID}`);
    expect(lines).toContain('teleport: node env-c0ffee was already gone');
  });

  it('without tctl (register: file), writes the resource and prints the create and rm commands for the interviewer', async () => {
    await resetCalls();
    await writeFile(join(home, 'config.yaml'), stringify({ teleport: { proxy: 'tp.example.com:443', register: 'file', aws: { mode: 'agentless', proxyCidrs: ['203.0.113.5/32'] } } }));
    const state = awsState('baseline-ada-c0ffee', '2026-12-02T22:00:00.000Z');
    const lines: string[] = [];
    await registerAwsTeleportNode(state, handles, (line) => lines.push(line));
    const paths = envTeleportPaths(state.name);
    expect(await calls()).toEqual([]);
    expect(lines.map((l) => l.replaceAll(home, '<home>'))).toMatchSnapshot('tctl commands for the interviewer (up)');
    const downLines: string[] = [];
    await runHooks('beforeDestroy', state, handles, (line) => downLines.push(line));
    expect(await calls()).toEqual([]);
    expect(downLines.map((l) => l.replaceAll(home, '<home>'))).toMatchSnapshot('tctl commands for the interviewer (down)');
    const access = await describeTeleport(state, configSchema.parse(parse(await readFile(join(home, 'config.yaml'), 'utf8'))));
    expect(access.note).toBe(`faultline did not register the node (no tctl): run \`${join(home, 'bin', 'tctl')} create -f ${paths.nodeResource}\` before handing this out`);
  });
});
