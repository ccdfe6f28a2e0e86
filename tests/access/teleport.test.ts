import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { teleportConfigSchema } from '../../src/schema/teleport-config.js';
import { chooseAccessMode, renderTeleportNodeConfig, renderTeleportUnit, tshCommand } from '../../src/access/teleport.js';

const config = teleportConfigSchema.parse({ proxy: 'teleport.example.test:443', joinToken: 'join-token-123456' });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-teleport-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderTeleportNodeConfig', () => {
  it('renders a v3 node config that only runs the SSH service and joins the proxy with the token', () => {
    const doc = parse(renderTeleportNodeConfig({ envId: 'ada-disk', machine: 'app', config, labels: { scenario: 'disk-pressure' } }));
    expect(doc.version).toBe('v3');
    expect(doc.teleport).toMatchObject({ nodename: 'ada-disk-app', proxy_server: config.proxy, join_params: { method: 'token', token_name: config.joinToken } });
    expect(doc.auth_service.enabled).toBe(false);
    expect(doc.proxy_service.enabled).toBe(false);
    expect(doc.ssh_service).toEqual({ enabled: true, labels: { scenario: 'disk-pressure', 'faultline-env': 'ada-disk', 'faultline-role': 'app' } });
  });

  it('keeps env and role labels even when extra labels try to override them', () => {
    const doc = parse(renderTeleportNodeConfig({ envId: 'e', machine: 'mon', config, labels: { 'faultline-env': 'other' } }));
    expect(doc.ssh_service.labels['faultline-env']).toBe('e');
  });
});

describe('chooseAccessMode', () => {
  it('uses plain SSH when no teleport section is configured', async () => {
    expect(await chooseAccessMode(undefined)).toEqual({ kind: 'ssh', reason: 'no teleport section in the faultline config' });
  });

  it('uses plain SSH, saying why, when the binary is missing', async () => {
    expect(await chooseAccessMode(config, dir)).toMatchObject({ kind: 'ssh', reason: 'no teleport binary on PATH' });
    expect(await chooseAccessMode({ ...config, binary: join(dir, 'nope') }, dir)).toMatchObject({ kind: 'ssh', reason: expect.stringContaining('not found at') });
  });

  it('uses Teleport when an executable teleport is on PATH', async () => {
    await writeFile(join(dir, 'teleport'), '#!/bin/sh\n');
    await chmod(join(dir, 'teleport'), 0o755);
    expect(await chooseAccessMode(config, dir)).toMatchObject({ kind: 'teleport', binary: join(dir, 'teleport') });
  });
});

describe('tshCommand and renderTeleportUnit', () => {
  it('logs in to the proxy and connects as candidate to the environment node', () => {
    expect(tshCommand(config, 'ada-disk')).toBe('tsh login --proxy=teleport.example.test:443 && tsh ssh candidate@ada-disk-edge');
  });

  it('starts teleport with the rendered config', () => {
    expect(renderTeleportUnit()).toContain('ExecStart=/usr/local/bin/teleport start --config=/etc/teleport.yaml');
  });
});
