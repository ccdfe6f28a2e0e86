import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFile } from 'node:fs/promises';
import { FaultlineError, type ErrorCode } from '../../errors/index.js';
import type { Scenario } from '../../schema/scenario.js';
import { WORLD_CIDR, awsConfigSchema } from '../../../infra/config.js';
import { resolveRegion } from './infra-config.js';
import { checkNodeReachable } from './ingress-check.js';
import type { CloudEnvRequest, CloudOptions } from './options.js';

/** What preflight may look at; injectable so each failure is testable without a machine change. */
export interface PreflightHost {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  exists(path: string): Promise<boolean>;
  readText(path: string): Promise<string>;
}

export interface PreflightProblem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** The real host: process.env, the home directory, the file system. */
export function createPreflightHost(env: NodeJS.ProcessEnv = process.env): PreflightHost {
  return {
    env,
    home: homedir(),
    exists: (path) => access(path).then(() => true, () => false),
    readText: (path) => readFile(path, 'utf8'),
  };
}

async function onPath(host: PreflightHost, command: string): Promise<boolean> {
  const dirs = (host.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, join(host.home, '.pulumi', 'bin')]) if (await host.exists(join(dir, command))) return true;
  return false;
}

async function hasAwsCredentials(host: PreflightHost): Promise<boolean> {
  const e = host.env;
  if (e['AWS_ACCESS_KEY_ID'] && e['AWS_SECRET_ACCESS_KEY']) return true;
  if (e['AWS_WEB_IDENTITY_TOKEN_FILE'] || e['AWS_CONTAINER_CREDENTIALS_FULL_URI'] || e['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) return true;
  const files = [e['AWS_SHARED_CREDENTIALS_FILE'] ?? join(host.home, '.aws', 'credentials'), e['AWS_CONFIG_FILE'] ?? join(host.home, '.aws', 'config')];
  for (const file of files) if (await host.exists(file)) return true;
  return false;
}

/** True when the pulumi CLI is on PATH (or in ~/.pulumi/bin, where its installer puts it). */
export async function isPulumiInstalled(host: PreflightHost = createPreflightHost()): Promise<boolean> {
  return onPath(host, 'pulumi');
}

/** Names of the contexts in a kubeconfig file (empty when it cannot be parsed). */
export function listKubeContexts(kubeconfigText: string): string[] {
  try {
    const doc = parseYaml(kubeconfigText) as { contexts?: { name?: unknown }[] } | null;
    return (doc?.contexts ?? []).map((c) => c.name).filter((n): n is string => typeof n === 'string');
  } catch {
    return [];
  }
}

async function checkKubeconfig(host: PreflightHost, options: CloudOptions): Promise<PreflightProblem | undefined> {
  const path = options.kubernetes.kubeconfig ?? host.env['KUBECONFIG']?.split(delimiter)[0] ?? join(host.home, '.kube', 'config');
  if (!(await host.exists(path))) {
    return {
      code: 'KUBECONFIG_MISSING',
      message: `No kubeconfig at ${path}`,
      hint: 'Set kubernetes.kubeconfig in $FAULTLINE_HOME/config.yaml or KUBECONFIG, or pass --kubeconfig.',
    };
  }
  const context = options.kubernetes.context;
  if (context !== undefined) {
    const contexts = listKubeContexts(await host.readText(path));
    if (!contexts.includes(context)) {
      return {
        code: 'KUBECONFIG_MISSING',
        message: `Context "${context}" is not in ${path} (it has: ${contexts.join(', ') || 'none'})`,
        hint: 'Run `kubectl config get-contexts` and set kubernetes.context to one of them.',
      };
    }
  }
  return undefined;
}

/** A teleport section the aws target cannot honour: better refused than an environment without the access asked for. */
function checkTeleportOnAws(options: CloudOptions): PreflightProblem | undefined {
  if (options.teleportAwsMode === 'agentless') {
    if (options.teleportProxyCidrs.length === 0) {
      return {
        code: 'INVALID_CONFIG',
        message: 'teleport.aws.proxyCidrs is empty: in agentless mode the Teleport proxy dials the node on port 22, and nothing would let it in',
        hint: 'List the proxy’s egress addresses as CIDRs (e.g. [203.0.113.5/32]) in teleport.aws.proxyCidrs.',
      };
    }
    if (options.teleportProxyCidrs.includes(WORLD_CIDR) && !options.aws.allowWorldIngress) {
      return {
        code: 'INVALID_CONFIG',
        message: `teleport.aws.proxyCidrs contains ${WORLD_CIDR}, which opens SSH to the whole internet`,
        hint: 'List the Teleport proxy’s egress addresses instead, or set aws.allowWorldIngress: true if you really mean it.',
      };
    }
    return undefined;
  }
  if (options.teleportAwsMode === 'agent' && options.teleport === undefined) {
    return {
      code: 'INVALID_CONFIG',
      message: 'teleport.joinToken is not set, and the aws agent mode needs it to join the node to your cluster',
      hint: 'Create one with `tctl tokens add --type=node` and set teleport.joinToken in $FAULTLINE_HOME/config.yaml.',
    };
  }
  return undefined;
}

/** Every problem that would stop `up`, in a stable order; empty when all is well. */
export async function collectPreflightProblems(
  scenario: Scenario,
  request: CloudEnvRequest,
  options: CloudOptions,
  host: PreflightHost = createPreflightHost(),
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  if (!scenario.targets.includes(request.target)) {
    problems.push({
      code: 'UNSUPPORTED_TARGET',
      message: `Scenario "${scenario.id}" does not support the ${request.target} target (it supports: ${scenario.targets.join(', ')})`,
      hint: `Pick one of: ${scenario.targets.join(', ')}, or add ${request.target} to the scenario's targets once its faults have kubernetes variants.`,
    });
  }
  if (!(await onPath(host, 'pulumi'))) {
    problems.push({
      code: 'PULUMI_MISSING',
      message: 'The pulumi CLI is not on PATH (the Automation API drives it)',
      hint: "Install it with Pulumi's official install script (see Pulumi's install docs), `brew install pulumi/tap/pulumi`, or `choco install pulumi`, then open a new shell.",
    });
  }
  if (options.sources === undefined) {
    problems.push({
      code: 'INVALID_CONFIG',
      message: 'sources is not set in $FAULTLINE_HOME/config.yaml (k3s install script and Helm chart repositories)',
      hint: 'Add sources.k3sInstallScript, sources.prometheusCommunityCharts, sources.grafanaCharts and sources.grafanaCommunityCharts; see docs/CLOUD.md.',
    });
  }
  if (request.target === 'aws') {
    if (!(await hasAwsCredentials(host))) {
      problems.push({
        code: 'AWS_CREDENTIALS_MISSING',
        message: 'No AWS credentials found (environment variables, ~/.aws/credentials or ~/.aws/config)',
        hint: 'Run `aws configure` (or `aws sso login --profile <p>` and export AWS_PROFILE), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      });
    }
    if (resolveRegion(options, host.env) === undefined) {
      problems.push({
        code: 'AWS_REGION_MISSING',
        message: 'No AWS region configured',
        hint: 'Set aws.region in $FAULTLINE_HOME/config.yaml or export AWS_REGION (e.g. eu-west-1).',
      });
    }
    const unreachable = checkNodeReachable(options);
    if (unreachable) problems.push(unreachable);
    const teleport = checkTeleportOnAws(options);
    if (teleport) problems.push(teleport);
    if (request.sshPublicKey === undefined) {
      problems.push({
        code: 'INVALID_CONFIG',
        message: "No SSH public key for the candidate",
        hint: 'Pass --ssh-key <file.pub> with the candidate\'s OpenSSH public key.',
      });
    } else if (!awsConfigSchema.shape.sshPublicKey.safeParse(request.sshPublicKey).success) {
      problems.push({
        code: 'INVALID_CONFIG',
        message: `The candidate's SSH key is not an ssh-ed25519 or ssh-rsa public key (it starts "${request.sshPublicKey.split(' ')[0]?.slice(0, 40) ?? ''}"); EC2 key pairs accept only those two types`,
        hint: 'Have the candidate create one with `ssh-keygen -t ed25519` and pass the .pub file with --ssh-key.',
      });
    }
  } else {
    const problem = await checkKubeconfig(host, options);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Throw a FaultlineError (code of the first problem, every problem in details) when anything is missing. */
export async function assertPreflight(
  scenario: Scenario,
  request: CloudEnvRequest,
  options: CloudOptions,
  host?: PreflightHost,
): Promise<void> {
  const problems = await collectPreflightProblems(scenario, request, options, host);
  const [first] = problems;
  if (first === undefined) return;
  throw new FaultlineError(first.code, first.message, {
    hint: first.hint,
    details: problems.slice(1).map((p) => `${p.message}. ${p.hint}`),
  });
}
