import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTeleport } from '../../../src/engine/access/teleport-access.js';
import { configSchema } from '../../../src/schema/config.js';
import type { EnvState } from '../../../src/schema/state.js';

const state = (target: EnvState['target']): EnvState =>
  ({ id: 'abc123', name: `baseline-ada-abc123`, target }) as EnvState;
const teleport = { proxy: 'teleport.example.com:443', joinToken: 'secret-join-token' };

describe('describeTeleport', () => {
  it('says nothing when Teleport is not configured', async () => {
    expect(await describeTeleport(state('local'), configSchema.parse({}))).toEqual({});
  });

  it('gives the tsh command for an aws environment, naming the node the way cloud-init registers it', async () => {
    const result = await describeTeleport(state('aws'), configSchema.parse({ teleport }));
    expect(result.command).toBe('tsh login --proxy=teleport.example.com:443 && tsh ssh candidate@env-abc123');
    expect(JSON.stringify(result)).not.toContain('secret-join-token');
  });

  it('explains why a local environment uses SSH even when a teleport binary is present', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-teleport-'));
    const binary = join(dir, 'teleport');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    const result = await describeTeleport(state('local'), configSchema.parse({ teleport: { ...teleport, binary } }));
    expect(result.command).toBeUndefined();
    expect(result.note).toMatch(/no route to the proxy/);
  });

  it('says the binary is missing when it is', async () => {
    const result = await describeTeleport(state('local'), configSchema.parse({ teleport: { ...teleport, binary: '/nonexistent/teleport' } }));
    expect(result.note).toMatch(/not found/);
  });
});
