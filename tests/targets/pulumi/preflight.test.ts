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
const SOURCES = { k3sInstallScript: 'https://k3s.invalid/i.sh', prometheusCommunityCharts: 'https://c.invalid/p', grafanaCharts: 'https://c.invalid/g', grafanaCommunityCharts: 'https://c.invalid/gc' };
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
const options = (o: object = {}) => cloudOptionsSchema.parse({ sources: SOURCES, aws: { region: 'eu-west-1', allowedCidrs: ['203.0.113.7/32'] }, ...o });
const codes = async (req: CloudEnvRequest, h: PreflightHost, o = options()) => (await collectPreflightProblems(scenario, req, o, h)).map((p) => p.code);

describe('cloud preflight', () => {
  it('passes when the CLI, credentials, region and kubeconfig are there', async () => {
    expect(await codes(aws, host(READY))).toEqual([]);
    expect(await codes(k8s, host(READY))).toEqual([]);
  });

  it('refuses a teleport section the aws target cannot honour, naming the key to change', async () => {
    const agentless = await collectPreflightProblems(scenario, aws, options({ teleportAwsMode: 'agentless' }), host(READY));
    expect(agentless.map((p) => [p.code, p.message])).toEqual([['INVALID_CONFIG', expect.stringContaining('teleport.aws.proxyCidrs is empty')]]);
    const world = await collectPreflightProblems(scenario, aws, options({ teleportAwsMode: 'agentless', teleportProxyCidrs: ['0.0.0.0/0'] }), host(READY));
    expect(world.map((p) => [p.code, p.message])).toEqual([['INVALID_CONFIG', expect.stringContaining('teleport.aws.proxyCidrs contains 0.0.0.0/0')]]);
    expect(await codes(aws, host(READY), options({ teleportAwsMode: 'agentless', teleportProxyCidrs: ['198.51.100.7/32'] }))).toEqual([]);
    const noToken = await collectPreflightProblems(scenario, aws, options({ teleportAwsMode: 'agent' }), host(READY));
    expect(noToken.map((p) => [p.code, p.message])).toEqual([['INVALID_CONFIG', expect.stringContaining('teleport.joinToken')]]);
    expect(await codes(aws, host(READY), options({ teleportAwsMode: 'agent', teleport: { proxy: 'tp.example.test:443', joinToken: 'tp-join-6f1e2d3c4b5a' } }))).toEqual([]);
    expect(await codes(k8s, host(READY), options({ teleportAwsMode: 'agentless' }))).toEqual([]);
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
    const noRegion = options({ aws: { allowedCidrs: ['203.0.113.7/32'] } });
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

  it('refuses an empty aws.allowedCidrs (nobody could reach the node) with exit 42 and says how to set it', async () => {
    const closed = options({ aws: { region: 'eu-west-1', allowedCidrs: [] } });
    const problems = await collectPreflightProblems(scenario, aws, closed, host(READY));
    expect(problems.map((p) => p.code)).toEqual(['PREFLIGHT']);
    expect(problems[0]!.message).toMatch(/allowedCidrs is empty.*6443.*SSH/);
    expect(problems[0]!.hint).toMatch(/aws\.allowedCidrs.*config\.yaml.*\/32/);
    const error = (await assertPreflight(scenario, aws, closed, host(READY)).catch((e: unknown) => e)) as FaultlineError;
    expect(error.exitCode).toBe(42);
    // The kubernetes target has no security group: the CIDRs do not matter there.
    expect(await codes(k8s, host(READY), closed)).toEqual([]);
  });

  it('refuses an empty aws.allowedCidrs with Teleport too: the operator still needs the API port', async () => {
    const teleportOnly = options({ aws: { region: 'eu-west-1', allowedCidrs: [] }, teleport: { proxy: 'tp.example.com:443', joinToken: 'join-token-1234' } });
    const problems = await collectPreflightProblems(scenario, aws, teleportOnly, host(READY));
    expect(problems.map((p) => p.code)).toEqual(['PREFLIGHT']);
    expect(problems[0]!.message).toMatch(/Teleport gives the candidate SSH.*6443/);
  });

  it('refuses CIDRs that are all private: the node is reached on its public address', async () => {
    const lan = options({ aws: { region: 'eu-west-1', allowedCidrs: ['10.0.0.0/8', '192.168.1.0/24', '172.20.0.0/16'] } });
    const problems = await collectPreflightProblems(scenario, aws, lan, host(READY));
    expect(problems.map((p) => p.code)).toEqual(['PREFLIGHT']);
    expect(problems[0]!.message).toContain('only private ranges');
    const mixed = options({ aws: { region: 'eu-west-1', allowedCidrs: ['10.0.0.0/8', '198.51.100.0/24'] } });
    expect(await codes(aws, host(READY), mixed)).toEqual([]);
    // A range wider than the private block is not wholly private.
    expect(await codes(aws, host(READY), options({ aws: { region: 'eu-west-1', allowedCidrs: ['8.0.0.0/6'] } }))).toEqual([]);
  });

  it('refuses an ECDSA key before anything is created: EC2 key pairs take only ED25519 and RSA', async () => {
    const ecdsa = { ...aws, sshPublicKey: 'ecdsa-sha2-nistp256 AAAAE2VjZHNh k' };
    const problems = await collectPreflightProblems(scenario, ecdsa, options(), host(READY));
    expect(problems.map((p) => p.code)).toEqual(['INVALID_CONFIG']);
    expect(problems[0]!.message).toContain('ecdsa-sha2-nistp256');
    expect(problems[0]!.hint).toContain('ssh-keygen -t ed25519');
    expect(await codes({ ...aws, sshPublicKey: 'ssh-rsa AAAAB3Nza k' }, host(READY))).toEqual([]);
  });

  it('reads context names from a kubeconfig', () => {
    expect(listKubeContexts(KUBECONFIG)).toEqual(['dev']);
    expect(listKubeContexts(': not yaml :')).toEqual([]);
  });
});
