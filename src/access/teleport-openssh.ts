import { stringify } from 'yaml';
import { FaultlineError } from '../errors/index.js';
import { quoteForShell } from './briefing.js';

/**
 * Teleport agentless OpenSSH nodes, as pure rendering: the `node` resource
 * (kind node, sub_kind openssh) that tells the proxy where to dial, the host
 * certificate's principals, and the exact `tctl` commands faultline runs (or
 * prints for the interviewer). Nothing here talks to Teleport.
 */
export interface TeleportNode {
  /** metadata.name: Teleport requires a UUID for OpenSSH nodes; one per environment, kept across resets. */
  readonly id: string;
  /** spec.hostname: what `tsh ls` shows and `tsh ssh candidate@<hostname>` takes. */
  readonly hostname: string;
  /** spec.addr: where the proxy dials (the published bastion), host:port. */
  readonly addr: string;
  readonly labels: Readonly<Record<string, string>>;
  /** metadata.expires: Teleport drops the resource by itself after this (a safety net behind `down`/`reap`). */
  readonly expires: string;
}

export interface NodeLabelInput {
  readonly envName: string;
  readonly scenario: string;
  readonly candidate: string;
  readonly expiresAt: string;
  /** The interviewer's `teleport.labels`; ours win on a clash. */
  readonly extra?: Readonly<Record<string, string>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The Teleport hostname of an environment's bastion: neutral (no scenario), like the names inside the machines. */
export function teleportHostname(envId: string): string {
  return `env-${envId}`;
}

/** Labels of an environment's node: env/scenario/candidate/expires-at always, extra labels below them. */
export function teleportNodeLabels(input: NodeLabelInput): Record<string, string> {
  return { ...input.extra, env: input.envName, scenario: input.scenario, candidate: input.candidate, 'expires-at': input.expiresAt };
}

/**
 * Principals of the bastion's host certificate: the node UUID (the proxy
 * routes by it and checks it), the hostname and the address it dials.
 */
export function hostCertPrincipals(node: Pick<TeleportNode, 'id' | 'hostname' | 'addr'>): string[] {
  return [...new Set([node.id, node.hostname, splitHostPort(node.addr).host])];
}

/** The node resource as YAML for `tctl create -f`. */
export function renderNodeResource(node: TeleportNode): string {
  if (!UUID.test(node.id)) throw new FaultlineError('INVALID_PARAMS', `Teleport node name ${JSON.stringify(node.id)} is not a lower-case UUID.`);
  splitHostPort(node.addr);
  return stringify({
    kind: 'node',
    version: 'v2',
    sub_kind: 'openssh',
    metadata: { name: node.id, labels: { ...node.labels }, expires: node.expires },
    spec: { addr: node.addr, hostname: node.hostname },
  });
}

/** argv of the tctl calls faultline makes (or prints), `tctl` replaced by `binary`. */
export const tctlArgs = {
  /** Register (or, on a reset, replace) the node resource. */
  create: (resourceFile: string): string[] => ['create', '-f', resourceFile],
  /** Deregister it. */
  remove: (nodeId: string): string[] => ['rm', `node/${nodeId}`],
  /** The OpenSSH user CA the proxy signs its certificates for agentless nodes with. */
  exportUserCa: (): string[] => ['auth', 'export', '--type=openssh'],
  /** A host key and certificate signed by the host CA: writes `<out>` and `<out>-cert.pub`. */
  signHost: (principals: readonly string[], out: string, ttl: string): string[] => [
    'auth',
    'sign',
    `--host=${principals.join(',')}`,
    '--format=openssh',
    `--out=${out}`,
    `--ttl=${ttl}`,
    '--overwrite',
  ],
};

/** A command line as it would be typed (for the interviewer to copy). */
export function formatCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args].map(quoteForShell).join(' ');
}

/**
 * The interviewer's per-environment host-certificate command with its
 * placeholders filled in: `{principals}` (comma-separated), `{out}`, `{ttl}`.
 */
export function expandHostCertCommand(template: readonly string[], values: { principals: readonly string[]; out: string; ttl: string }): string[] {
  return template.map((word) => word.replaceAll('{principals}', values.principals.join(',')).replaceAll('{out}', values.out).replaceAll('{ttl}', values.ttl));
}

/** A TTL in whole minutes as tctl takes it (Go duration), at least one minute. */
export function tctlTtl(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))}m`;
}

/**
 * The CA lines of `tctl auth export --type=openssh` (or a file holding its
 * output) as TrustedUserCAKeys takes them: the `cert-authority ` prefix
 * removed, one key per line (two during a CA rotation). Throws when there is
 * no key at all.
 */
export function normaliseUserCaKeys(text: string, source: string): string {
  const keys = text
    .split('\n')
    .map((line) => line.trim().replace(/^@?cert-authority\s+/, ''))
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const bad = keys.filter((line) => !/^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|rsa-sha2-(256|512)) [A-Za-z0-9+/]+={0,3}( \S.*)?$/.test(line));
  if (keys.length === 0 || bad.length > 0) {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `${source} holds no OpenSSH CA public key${bad.length > 0 ? ` (unreadable line: ${JSON.stringify(bad[0]?.slice(0, 60))})` : ''}.`, {
      hint: 'Export it with `tctl auth export --type=openssh > teleport-openssh-ca.pub` and point teleport.userCaFile at that file.',
    });
  }
  return `${keys.join('\n')}\n`;
}

/** The lines `faultline access` prints for Teleport: tsh login + ssh, and the web terminal. */
export function teleportInstructions(proxy: string, hostname: string, user = 'candidate'): { tsh: string; web: string } {
  return {
    tsh: `tsh login --proxy=${proxy} && tsh ssh ${user}@${hostname}`,
    web: `https://${splitHostPort(proxy).host}${proxyPortSuffix(proxy)}/web (Resources → ${hostname} → Connect → ${user})`,
  };
}

function proxyPortSuffix(proxy: string): string {
  const { port } = splitHostPort(proxy);
  return port === undefined || port === 443 ? '' : `:${port}`;
}

function splitHostPort(addr: string): { host: string; port?: number } {
  const match = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(addr);
  if (!match?.[1]) throw new FaultlineError('INVALID_PARAMS', `${JSON.stringify(addr)} is not host or host:port.`);
  return match[2] === undefined ? { host: match[1] } : { host: match[1], port: Number(match[2]) };
}
