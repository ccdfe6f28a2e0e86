import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJson } from '../../support/faultline-cli.js';
import { TEST_SOURCES, createCloudHost, writeLocalOnlyScenario, writeTool } from './cloud-cli.js';

let host: Awaited<ReturnType<typeof createCloudHost>>;
beforeEach(async () => {
  host = await createCloudHost();
});
afterEach(async () => {
  await rm(host.root, { recursive: true, force: true });
});

/** Nothing of an environment exists: no env dir (FAULTLINE_HOME/envs is absent or empty). */
async function expectNoEnvironment(): Promise<void> {
  const envs = join(host.home, 'envs');
  expect(existsSync(envs) ? await readdir(envs) : []).toEqual([]);
}

describe('faultline up on the cloud targets', () => {
  it('stops at preflight on a host without the pulumi CLI, says how to install it, and creates nothing', async () => {
    const result = await host.run(['up', 'baseline', '--candidate', 'x', '--target', 'aws']);
    expect(result.exitCode, result.stderr).toBe(45);
    expect(result.stderr).toContain('error: The pulumi CLI is not on PATH');
    expect(result.stderr).toMatch(/hint: Install it with Pulumi's official install script/);
    // Every other problem is listed too, so one run tells the operator everything.
    expect(result.stderr).toContain('No AWS credentials found');
    expect(result.stderr).toContain('No SSH public key for the candidate');
    await expectNoEnvironment();
  });

  it('reports KUBECONFIG_MISSING (exit 48) for kubernetes when no kubeconfig exists, creating nothing', async () => {
    await writeTool(host.bin, 'pulumi', 'exit 0');
    await mkdir(host.home, { recursive: true });
    await writeFile(join(host.home, 'config.yaml'), TEST_SOURCES);
    const result = await host.run(['up', 'baseline', '--candidate', 'x', '--target', 'kubernetes', '--json']);
    expect(result.exitCode, result.stderr).toBe(48);
    expect(parseJson(result)).toMatchObject({
      ok: false,
      error: { code: 'KUBECONFIG_MISSING', message: `No kubeconfig at ${join(host.root, '.kube', 'config')}`, details: [] },
    });
    await expectNoEnvironment();
  });

  it('checks the --kubeconfig and --context it is given', async () => {
    await writeTool(host.bin, 'pulumi', 'exit 0');
    await mkdir(host.home, { recursive: true });
    await writeFile(join(host.home, 'config.yaml'), TEST_SOURCES);
    const kubeconfig = join(host.root, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: dev\n    context: { cluster: dev, user: dev }\n');
    const result = await host.run(['up', 'baseline', '--candidate', 'x', '--target', 'kubernetes', '--kubeconfig', kubeconfig, '--context', 'prod']);
    expect(result.exitCode).toBe(48);
    expect(result.stderr).toContain(`Context "prod" is not in ${kubeconfig} (it has: dev)`);
    await expectNoEnvironment();
  });

  it('refuses with UNSUPPORTED_TARGET (exit 25) a scenario whose targets lack aws', async () => {
    const result = await host.run(['up', await writeLocalOnlyScenario(host.root), '--candidate', 'x', '--target', 'aws', '--json']);
    expect(result.exitCode).toBe(25);
    expect(parseJson(result)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_TARGET' } });
    await expectNoEnvironment();
  });

  it('refuses (exit 42) an aws environment nobody could reach: aws.allowedCidrs empty; says how to set it; creates nothing', async () => {
    await writeTool(host.bin, 'pulumi', 'exit 0');
    await mkdir(join(host.root, '.aws'), { recursive: true });
    await writeFile(join(host.root, '.aws', 'credentials'), '[default]\naws_access_key_id = x\naws_secret_access_key = y\n');
    await mkdir(host.home, { recursive: true });
    await writeFile(join(host.home, 'config.yaml'), `${TEST_SOURCES}aws:\n  region: eu-west-1\n`);
    const key = join(host.root, 'ada.pub');
    await writeFile(key, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKey ada\n');
    const result = await host.run(['up', 'misrouted-service', '--candidate', 'x', '--target', 'aws', '--ssh-key', key]);
    expect(result.exitCode, result.stderr).toBe(42);
    expect(result.stderr).toContain('aws.allowedCidrs is empty');
    expect(result.stderr).toMatch(/hint: Set aws\.allowedCidrs in \$FAULTLINE_HOME\/config\.yaml/);
    await expectNoEnvironment();
  });

  it('refuses cloud flags with the local target as a usage error', async () => {
    const result = await host.run(['up', 'baseline', '--candidate', 'x', '--kubeconfig', '/k', '--region', 'eu-west-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--kubeconfig, --region apply only to --target aws or kubernetes');
  });

  it('reports an unreadable --ssh-key file as a config problem', async () => {
    const result = await host.run(['up', 'baseline', '--candidate', 'x', '--target', 'aws', '--ssh-key', join(host.root, 'missing.pub')]);
    expect(result.exitCode).toBe(21);
    expect(result.stderr).toContain(`Cannot read the SSH public key ${join(host.root, 'missing.pub')}`);
    await expectNoEnvironment();
  });
});
