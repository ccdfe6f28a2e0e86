import { existsSync } from 'node:fs';
import { isRunning } from '../../../src/utils/process-identity.js';
import { waitFor } from '../../../src/utils/wait-for.js';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudEnvState } from '../../targets/pulumi/cloud-env-state.js';
import type { EnvState } from '../../../src/schema/state.js';
import { createCloudHost } from './cloud-cli.js';

let host: Awaited<ReturnType<typeof createCloudHost>>;
beforeEach(async () => {
  host = await createCloudHost();
});
afterEach(async () => {
  await rm(host.root, { recursive: true, force: true });
});

function cloudState(extra: Record<string, unknown>): EnvState {
  return cloudEnvState('kubernetes', 'failed', extra);
}

async function writeEnv(state: EnvState): Promise<string> {
  const dir = join(host.home, 'envs', state.name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'state.json'), JSON.stringify(state));
  return dir;
}

describe('faultline down on the cloud targets', () => {
  it('removes an environment whose stack was never started without calling pulumi', async () => {
    const dir = await writeEnv(cloudState({ flags: {} }));
    const result = await host.run(['down', 'baseline-ada-c0ffee', '--wait']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('nothing was created on kubernetes for baseline-ada-c0ffee');
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps the state when the stack cannot be destroyed (no pulumi CLI), so down can be retried', async () => {
    const dir = await writeEnv(cloudState({ flags: {}, cloud: { stack: 'env-c0ffee' } }));
    const result = await host.run(['down', 'baseline-ada-c0ffee', '--wait', '--json']);
    expect(result.exitCode, result.stderr).toBe(45);
    expect(result.stderr).toContain('The pulumi CLI is needed to destroy stack env-c0ffee of baseline-ada-c0ffee');
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({ phase: 'destroying', extra: { cloud: { stack: 'env-c0ffee' } } });
  });

  it('without --wait returns at once; the background teardown that fails records why in the state and ls shows it as stale', async () => {
    const dir = await writeEnv(cloudState({ flags: {}, cloud: { stack: 'env-c0ffee' } }));
    const result = await host.run(['down', 'baseline-ada-c0ffee', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [started] = (JSON.parse(result.stdout) as { background: { pid: number; log: string }[] }).background;
    expect(await waitFor(async () => !isRunning({ pid: started!.pid }), { timeoutMs: 60_000, intervalMs: 100 })).toBe(true);
    expect(await readFile(started!.log, 'utf8')).toContain('The pulumi CLI is needed to destroy stack env-c0ffee');
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({
      phase: 'destroying',
      failure: { step: 'down', message: expect.stringContaining('The pulumi CLI is needed to destroy stack env-c0ffee') },
    });
    const ls = await host.run(['ls', '--json']);
    expect(JSON.parse(ls.stdout)).toMatchObject({ stale: ['baseline-ada-c0ffee'] });
    expect((await host.run(['ls'])).stdout).toContain('The pulumi CLI is needed');
  });
});
