import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../src/core/paths.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { loadScenario } from '../../../src/schema/load-scenario.js';
import { configSchema, type Config } from '../../../src/schema/config.js';
import type { Scenario } from '../../../src/schema/scenario.js';
import type { EnvState } from '../../../src/schema/state.js';
import { createPulumiTarget } from '../../../src/targets/pulumi/pulumi-target.js';
import type { AgentlessTeleportProvider } from '../../../src/targets/pulumi/teleport-agentless.js';
import { cloudEnvState } from './cloud-env-state.js';

/**
 * The aws adapter asks the engine's Teleport provider for the agentless
 * material before anything exists: in preflight (before allocation) and at
 * the start of provision (before the stack trail is saved, before `pulumi up`).
 */
let dir: string;
let scenario: Scenario;
const saved = { ...process.env };
const SOURCES = { k3sInstallScript: 'https://k3s.invalid/i.sh', prometheusCommunityCharts: 'https://c.invalid/p', grafanaCharts: 'https://c.invalid/g', grafanaCommunityCharts: 'https://c.invalid/gc' };

const config = (mode: 'agent' | 'agentless'): Config =>
  configSchema.parse({
    sources: SOURCES,
    aws: { region: 'eu-west-1', allowedCidrs: ['203.0.113.7/32'] },
    teleport: { proxy: 'tp.example.com:443', joinToken: 'tp-join-6f1e2d3c4b5a', aws: { mode, proxyCidrs: ['198.51.100.7/32'] } },
  });

function provider(calls: string[], fail?: FaultlineError): AgentlessTeleportProvider {
  return {
    async preflight() {
      calls.push('preflight');
      if (fail) throw fail;
    },
    async prepare(state) {
      calls.push(`prepare ${state.name}`);
      if (fail) throw fail;
      return { login: 'candidate', userCaKeys: 'ssh-ed25519 AAAA x\n', signHostCert: async () => ({ privateKey: 'k', certificate: 'c' }) };
    },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-agentless-target-'));
  await writeFile(join(dir, 'pulumi'), '#!/bin/sh\nexit 1\n');
  await chmod(join(dir, 'pulumi'), 0o755);
  await writeFile(join(dir, 'ada.pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItestkeytestkeytestkeytestkeytestkey ada\n');
  Object.assign(process.env, { PATH: `${dir}:${saved.PATH ?? ''}`, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', FAULTLINE_HOME: dir });
  scenario = await loadScenario(join(REPO_ROOT, 'scenarios', 'baseline.yaml'));
});
afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
});

const request = () => ({ scenario, candidate: 'ada', flags: { sshKey: join(dir, 'ada.pub') } });
const state = (): EnvState => ({ ...cloudEnvState('aws', 'provisioning', { flags: { sshKey: join(dir, 'ada.pub') } }), scenarioPath: join(REPO_ROOT, 'scenarios', 'baseline.yaml') });

describe('aws target, Teleport agentless mode', () => {
  it('preflight asks the provider, and its error (e.g. TCTL_MISSING) stops up before allocation', async () => {
    const calls: string[] = [];
    await createPulumiTarget('aws', config('agentless'), { teleportAgentless: provider(calls) }).preflight!(request());
    expect(calls).toEqual(['preflight']);
    const failing = createPulumiTarget('aws', config('agentless'), { teleportAgentless: provider([], new FaultlineError('TCTL_MISSING', 'no tctl')) });
    await expect(failing.preflight!(request())).rejects.toMatchObject({ code: 'TCTL_MISSING' });
  });

  it('agent mode never asks the provider; agentless without one is refused', async () => {
    const calls: string[] = [];
    await createPulumiTarget('aws', config('agent'), { teleportAgentless: provider(calls) }).preflight!(request());
    expect(calls).toEqual([]);
    await expect(createPulumiTarget('aws', config('agentless')).preflight!(request())).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('provision prepares the material before saving the stack trail: a failure leaves nothing for down to destroy', async () => {
    const calls: string[] = [];
    const saves: EnvState[] = [];
    const target = createPulumiTarget('aws', config('agentless'), { teleportAgentless: provider(calls, new FaultlineError('TELEPORT_MATERIAL_MISSING', 'tctl auth export failed')) });
    await expect(target.provision(state(), async (s) => void saves.push(s), () => undefined)).rejects.toMatchObject({ code: 'TELEPORT_MATERIAL_MISSING' });
    expect(calls).toEqual(['prepare baseline-ada-c0ffee']);
    expect(saves).toEqual([]);
  });
});
