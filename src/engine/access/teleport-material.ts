import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { MachineTeleportSeed } from '../../access/machine-access-seed.js';
import { inspectCertificate } from '../../access/ssh-cert.js';
import { expandHostCertCommand, hostCertPrincipals, normaliseUserCaKeys, tctlArgs, tctlTtl, teleportHostname } from '../../access/teleport-openssh.js';
import { FaultlineError } from '../../errors/index.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { run } from '../../utils/run.js';
import { preflightTeleport, readUserCaFile, type TeleportTools } from './teleport-preflight.js';
import { envTeleportPaths } from './teleport-paths.js';

/** The Teleport trust of one environment's machines: every machine trusts the CA; the bastion also has a signed host key. */
export interface EnvTeleportSeed {
  readonly bastion: MachineTeleportSeed;
  readonly others: MachineTeleportSeed;
  readonly nodeId: string;
  readonly principals: readonly string[];
}

/**
 * Obtain what an environment's sshd needs to be a Teleport agentless node,
 * before its machines boot: the node UUID (chosen once, kept across resets),
 * the OpenSSH user CA (teleport.userCaFile, else `tctl auth export
 * --type=openssh`), and a host certificate for the bastion whose principals
 * are the node UUID, its hostname and the address the proxy dials (from
 * teleport.hostCert.command, else `tctl auth sign --format=openssh`). A cert
 * from an earlier run is reused while it still has those principals and
 * outlives the environment. Everything is checked with ssh-keygen.
 */
export async function ensureTeleportSeed(state: EnvState, config: Config): Promise<EnvTeleportSeed | undefined> {
  const plan = await preflightTeleport(config);
  if (!plan) return undefined;
  const { paths, nodeId, userCaKeys } = await prepareNodeMaterial(state, plan);
  const principals = hostCertPrincipals({ id: nodeId, hostname: teleportHostname(state.id), addr: plan.advertiseHost });
  const hostCertificate = await obtainHostCertificate(plan, paths, principals, state.expiresAt);
  const common = { userCaKeys, principals: [plan.config.login] };
  return { bastion: { ...common, hostCertificate }, others: common, nodeId, principals };
}

/**
 * What every target's node needs before its host certificate: the env's
 * Teleport dir (0700), the node UUID and the user CA (also kept there).
 */
export async function prepareNodeMaterial(state: EnvState, tools: TeleportTools) {
  const paths = envTeleportPaths(state.name);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await chmod(paths.dir, 0o700);
  const nodeId = await ensureNodeId(paths.nodeId);
  const userCaKeys = await obtainUserCa(tools);
  await writeFile(paths.userCa, userCaKeys, { mode: 0o644 });
  return { paths, nodeId, userCaKeys };
}

/** The environment's node UUID: read from `path`, else chosen now and written there. */
async function ensureNodeId(path: string): Promise<string> {
  const known = await readFile(path, 'utf8').then((text) => text.trim(), () => undefined);
  if (known) return known;
  const id = randomUUID();
  await writeFile(path, `${id}\n`, { mode: 0o600 });
  return id;
}

/**
 * The host key and certificate at `paths` for these principals: reused when
 * a certificate there still has them and outlives the environment, else
 * signed anew; checked with ssh-keygen either way.
 */
export async function obtainHostCertificate(
  plan: TeleportTools,
  paths: { readonly hostKey: string; readonly hostCert: string },
  principals: readonly string[],
  expiresAt: string,
): Promise<{ privateKey: string; certificate: string }> {
  if (!(await usableHostCert(paths.hostCert, principals, expiresAt))) await signHostCert(plan, paths.hostKey, principals, expiresAt);
  await assertHostCert(paths.hostCert, principals);
  return { privateKey: await readFile(paths.hostKey, 'utf8'), certificate: await readFile(paths.hostCert, 'utf8') };
}

/** The OpenSSH user CA: teleport.userCaFile, else `tctl auth export --type=openssh`. */
async function obtainUserCa(plan: TeleportTools): Promise<string> {
  if (plan.config.userCaFile !== undefined) return readUserCaFile(plan.config.userCaFile);
  const output = await run(plan.tctl as string, tctlArgs.exportUserCa()).catch((cause: unknown) => {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', 'tctl could not export the OpenSSH user CA.', {
      cause,
      details: cause instanceof FaultlineError ? cause.details : [],
      hint: 'Check that tctl is logged in to the cluster (`tctl status`), or export the CA once and set teleport.userCaFile.',
    });
  });
  return normaliseUserCaKeys(output, '`tctl auth export --type=openssh`');
}

async function signHostCert(plan: TeleportTools, out: string, principals: readonly string[], expiresAt: string): Promise<void> {
  await rm(out, { force: true });
  await rm(`${out}-cert.pub`, { force: true });
  // Valid until the environment expires, plus an hour of slack for a late reap.
  const ttl = tctlTtl(Date.parse(expiresAt) - Date.now() + 3_600_000);
  const [file, ...args] = plan.config.hostCert.command
    ? expandHostCertCommand(plan.config.hostCert.command, { principals, out, ttl })
    : [plan.tctl as string, ...tctlArgs.signHost(principals, out, ttl)];
  await run(file as string, args, { timeoutMs: 120_000 }).catch((cause: unknown) => {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `The host certificate command failed: ${[file, ...args].join(' ')}`, {
      cause,
      details: cause instanceof FaultlineError ? cause.details : [],
      hint: 'It must write {out} (private key) and {out}-cert.pub, as `tctl auth sign --format=openssh --host={principals} --out={out}` does.',
    });
  });
  await chmod(out, 0o600).catch(() => undefined);
}

async function usableHostCert(path: string, principals: readonly string[], expiresAt: string): Promise<boolean> {
  const info = await inspectCertificate(path).catch(() => undefined);
  if (!info || info.kind !== 'host' || !principals.every((p) => info.principals.includes(p))) return false;
  return info.validBefore === undefined || info.validBefore.getTime() > Date.parse(expiresAt);
}

async function assertHostCert(path: string, principals: readonly string[]): Promise<void> {
  const info = await inspectCertificate(path);
  const missing = principals.filter((p) => !info.principals.includes(p));
  if (info.kind !== 'host' || missing.length > 0) {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `${path} is not a host certificate for this environment's node.`, {
      details: [`kind: ${info.kind}`, `principals: ${info.principals.join(', ') || '(none)'}`, ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : [])],
      hint: 'The host certificate must be signed as a host certificate (tctl auth sign --host=…) with the principals listed.',
    });
  }
}
