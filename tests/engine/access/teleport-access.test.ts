import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTeleport } from '../../../src/engine/access/teleport-access.js';
import { envTeleportPaths } from '../../../src/engine/access/teleport-paths.js';
import type { TeleportRegistration } from '../../../src/engine/access/teleport-register.js';
import { configSchema } from '../../../src/schema/config.js';
import type { EnvState } from '../../../src/schema/state.js';

const state = (target: EnvState['target'], name = 'baseline-ada-abc123'): EnvState => ({ id: 'abc123', name, target }) as EnvState;
const teleport = { proxy: 'teleport.example.com:443', joinToken: 'secret-join-token' };
let home: string;
const previousHome = process.env.FAULTLINE_HOME;

beforeAll(() => {
  home = mkdtempSync(`${tmpdir()}/fl-teleport-access-`);
  process.env.FAULTLINE_HOME = home;
});
afterAll(() => {
  if (previousHome === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

function register(name: string, via: TeleportRegistration['via']): void {
  const paths = envTeleportPaths(name);
  mkdirSync(paths.dir, { recursive: true });
  const registration: TeleportRegistration = {
    nodeId: '0b7e3c9a-3f0c-4d7e-9a41-2b8c1d2e3f40',
    hostname: 'env-abc123',
    addr: '192.0.2.10:2201',
    proxy: 'teleport.example.com:3080',
    login: 'candidate',
    via,
    resourceFile: paths.nodeResource,
    tctl: 'tctl',
  };
  writeFileSync(paths.registration, JSON.stringify(registration));
}

describe('describeTeleport', () => {
  it('says nothing when Teleport is not configured', async () => {
    expect(await describeTeleport(state('local'), configSchema.parse({}))).toEqual({});
  });

  it('gives the tsh command for an aws environment, naming the node the way cloud-init registers it', async () => {
    const result = await describeTeleport(state('aws'), configSchema.parse({ teleport }));
    expect(result.command).toBe('tsh login --proxy=teleport.example.com:443 && tsh ssh candidate@env-abc123');
    expect(JSON.stringify(result)).not.toContain('secret-join-token');
  });

  it('gives tsh and web-terminal instructions for a local environment registered as an agentless node', async () => {
    register('baseline-ada-abc123', 'tctl');
    const result = await describeTeleport(state('local'), configSchema.parse({ teleport }));
    expect(result).toEqual({
      command: 'tsh login --proxy=teleport.example.com:3080 && tsh ssh candidate@env-abc123',
      web: 'https://teleport.example.com:3080/web (Resources → env-abc123 → Connect → candidate)',
    });
  });

  it('tells the interviewer to apply the resource when faultline could not', async () => {
    register('baseline-bob-abc123', 'file');
    const result = await describeTeleport(state('local', 'baseline-bob-abc123'), configSchema.parse({ teleport }));
    expect(result.note).toBe(`faultline did not register the node (no tctl): run \`tctl create -f ${envTeleportPaths('baseline-bob-abc123').nodeResource}\` before handing this out`);
  });

  it('says when a local environment was never registered', async () => {
    const result = await describeTeleport(state('local', 'baseline-eve-abc123'), configSchema.parse({ teleport }));
    expect(result.command).toBeUndefined();
    expect(result.note).toMatch(/not registered in Teleport/);
  });
});
