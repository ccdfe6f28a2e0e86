import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../../src/schema/scenario.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { cloudOptionsSchema, type CloudEnvRequest } from '../../../src/targets/pulumi/options.js';
import { assertPreflight, collectPreflightProblems, listKubeContexts, type PreflightHost } from '../../../src/targets/pulumi/preflight.js';

const scenario = scenarioSchema.parse({
  id: 'disk-pressure',
  title: 'Disk pressure',
  level: 2,
  summary: 'the data volume is full',
  briefing: 'orders cannot be written',
  targets: ['local', 'aws', 'kubernetes'],
  debrief: { rootCause: 'ballast file' },
});
const SOURCES = { k3sInstallScript: 'https://k3s.invalid/i.sh', prometheusCommunityCharts: 'https://c.invalid/p', grafanaCharts: 'https://c.invalid/g' };
const KUBECONFIG = 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: dev\n    context: { cluster: c, user: u }\n';

/** A host with the given files and environment. */
function host(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): PreflightHost {
  return {
    env: { PATH: '/usr/bin', ...env },
    home: '/home/op',
    exists: async (p) => p in files,
    readText: async (p) => files[p] ?? '',
  };
}
const READY = { '/usr/bin/pulumi': '', '/home/op/.aws/credentials': '', '/home/op/.kube/config': KUBECONFIG };
const aws: CloudEnvRequest = { envId: 'e1', candidate: 'ada', target: 'aws', expiresAt: '2026-01-01T00:00:00Z', sshPublicKey: 'ssh-ed25519 AAAA k' };
const k8s: CloudEnvRequest = { ...aws, target: 'kubernetes' };
const options = (o: object = {}) => cloudOptionsSchema.parse({ sources: SOURCES, aws: { region: 'eu-west-1' }, ...o });
const codes = async (req: CloudEnvRequest, h: PreflightHost, o = options()) => (await collectPreflightProblems(scenario, req, o, h)).map((p) => p.code);

describe('cloud preflight', () => {
  it('passes when the CLI, credentials, region and kubeconfig are there', async () => {
    expect(await codes(aws, host(READY))).toEqual([]);
    expect(await codes(k8s, host(READY))).toEqual([]);
  });

  it('reports a missing pulumi CLI with install advice', async () => {
    const { '/usr/bin/pulumi': _, ...rest } = READY;
    const problems = await collectPreflightProblems(scenario, aws, options(), host(rest));
    expect(problems.map((p) => p.code)).toEqual(['PULUMI_MISSING']);
    expect(problems[0]!.hint).toMatch(/install script|brew/);
  });

  it('accepts AWS credentials from environment variables', async () => {
    const { '/home/op/.aws/credentials': _, ...rest } = READY;
    expect(await codes(aws, host(rest))).toEqual(['AWS_CREDENTIALS_MISSING']);
    expect(await codes(aws, host(rest, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }))).toEqual([]);
  });

  it('reports a missing region unless AWS_REGION is set', async () => {
    const noRegion = options({ aws: {} });
    expect(await codes(aws, host(READY), noRegion)).toEqual(['AWS_REGION_MISSING']);
    expect(await codes(aws, host(READY, { AWS_REGION: 'us-east-1' }), noRegion)).toEqual([]);
  });

  it('reports a missing kubeconfig and an unknown context', async () => {
    const { '/home/op/.kube/config': _, ...rest } = READY;
    expect(await codes(k8s, host(rest))).toEqual(['KUBECONFIG_MISSING']);
    const problems = await collectPreflightProblems(scenario, k8s, options({ kubernetes: { context: 'prod' } }), host(READY));
    expect(problems[0]!.message).toContain('has: dev');
  });

  it('reports a scenario that does not support the target', async () => {
    const localOnly = { ...scenario, targets: ['local' as const] };
    expect((await collectPreflightProblems(localOnly, aws, options(), host(READY))).map((p) => p.code)).toEqual(['UNSUPPORTED_TARGET']);
  });

  it('throws the first problem with a distinct exit code and lists the others', async () => {
    const error = await assertPreflight(scenario, aws, options({ aws: {} }), host({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    const fe = error as FaultlineError;
    expect(fe.code).toBe('PULUMI_MISSING');
    expect(fe.exitCode).toBe(45);
    expect(fe.details.join('\n')).toMatch(/AWS credentials[\s\S]*region/);
  });

  it('reads context names from a kubeconfig', () => {
    expect(listKubeContexts(KUBECONFIG)).toEqual(['dev']);
    expect(listKubeContexts(': not yaml :')).toEqual([]);
  });
});
