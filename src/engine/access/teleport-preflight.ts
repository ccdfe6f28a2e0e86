import { readFile } from 'node:fs/promises';
import { findExecutable } from '../../access/host-tool.js';
import { normaliseUserCaKeys } from '../../access/teleport-openssh.js';
import { FaultlineError } from '../../errors/index.js';
import type { Config } from '../../schema/config.js';
import type { TeleportConfig } from '../../schema/teleport-config.js';

/** The Teleport tools faultline uses on this host: tctl (when one is found) and how nodes get registered. */
export interface TeleportTools {
  readonly config: TeleportConfig;
  readonly tctl: string | undefined;
  /** Registration: run tctl, or write the resource for the interviewer. */
  readonly register: 'tctl' | 'file';
}

/** What the local Teleport preflight found: the tools and the host the proxy dials. */
export interface TeleportPlan extends TeleportTools {
  readonly advertiseHost: string;
}

/**
 * Check a local environment's Teleport setup before anything is created
 * (called by `up` before allocation): the address the proxy will dial is not
 * loopback (unless `allowLoopback`), tctl is found wherever it is needed,
 * the user CA file is readable and holds a key, and the host-certificate
 * command exists. Returns undefined when Teleport is not configured.
 */
export async function preflightTeleport(config: Config, pathEnv = process.env.PATH ?? ''): Promise<TeleportPlan | undefined> {
  const teleport = config.teleport;
  if (!teleport) return undefined;
  const advertiseHost = advertisedHost(config, teleport);
  return { ...(await resolveTeleportTools(teleport, pathEnv)), advertiseHost };
}

/**
 * The target-independent part of the Teleport preflight (local and aws
 * agentless alike): tctl is found wherever it is needed, the user CA file is
 * readable and holds a key, and the host-certificate command exists.
 */
export async function resolveTeleportTools(teleport: TeleportConfig, pathEnv = process.env.PATH ?? ''): Promise<TeleportTools> {
  const tctl = await findExecutable(teleport.tctl, pathEnv);
  const needs = [
    ...(teleport.userCaFile === undefined ? ['exporting the OpenSSH user CA (teleport.userCaFile is unset)'] : []),
    ...(teleport.hostCert.command === undefined ? ['signing each environment’s host certificate (teleport.hostCert.command is unset)'] : []),
    ...(teleport.register === 'tctl' ? ['registering the node (teleport.register: tctl)'] : []),
  ];
  if (!tctl && needs.length > 0) {
    throw new FaultlineError('TCTL_MISSING', `Teleport is configured, but tctl (${teleport.tctl}) is not found; it is needed for ${needs.join(', ')}.`, {
      hint:
        'Install tctl on this host (and log it in to the cluster: `tctl status` must work), or set teleport.tctl to its path. ' +
        'Without tctl: export the CA once (`tctl auth export --type=openssh > ca.pub`, teleport.userCaFile), give a per-environment ' +
        'teleport.hostCert.command, and use teleport.register: file.',
    });
  }
  if (teleport.userCaFile !== undefined) await readUserCaFile(teleport.userCaFile);
  const certCommand = teleport.hostCert.command?.[0];
  if (certCommand !== undefined && !(await findExecutable(certCommand, pathEnv))) {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `teleport.hostCert.command runs ${certCommand}, which is not an executable on this host.`, {
      hint: 'Point it at a command that writes {out} and {out}-cert.pub like `tctl auth sign --format=openssh --host={principals} --out={out}` does.',
    });
  }
  const register = teleport.register === 'file' || (teleport.register === 'auto' && !tctl) ? 'file' : 'tctl';
  return { config: teleport, tctl, register };
}

/** The user CA file, normalised for TrustedUserCAKeys; TELEPORT_MATERIAL_MISSING when unreadable or empty. */
export async function readUserCaFile(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `teleport.userCaFile ${path} cannot be read (${cause.code ?? cause.message}).`, {
      cause,
      hint: 'Export the CA with `tctl auth export --type=openssh > teleport-openssh-ca.pub` and point teleport.userCaFile at it (readable by root).',
    });
  });
  return normaliseUserCaKeys(text, `teleport.userCaFile ${path}`);
}

/**
 * The host the Teleport proxy dials: teleport.advertiseHost, else
 * local.bindAddress. Loopback is refused (a proxy elsewhere cannot dial it)
 * unless teleport.allowLoopback says the proxy runs on this host.
 */
export function advertisedHost(config: Config, teleport: TeleportConfig): string {
  const host = teleport.advertiseHost ?? config.local.bindAddress;
  if (host === '0.0.0.0' || host === '::') {
    throw new FaultlineError('TELEPORT_ADDRESS_UNREACHABLE', `local.bindAddress is ${host}, so faultline cannot tell which address the Teleport proxy should dial.`, {
      hint: 'Set teleport.advertiseHost to this host’s address (or name) as the proxy reaches it.',
    });
  }
  if (isLoopback(host) && !teleport.allowLoopback) {
    throw new FaultlineError('TELEPORT_ADDRESS_UNREACHABLE', `The bastion would be registered in Teleport at ${host}, a loopback address the Teleport proxy cannot reach from another host.`, {
      hint:
        'Publish on an address the proxy can reach: set local.bindAddress (and teleport.advertiseHost when the proxy sees this host under another address). ' +
        'If the Teleport proxy runs on this very host, set teleport.allowLoopback: true.',
    });
  }
  return host;
}

function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '::1' || host === 'localhost' || host.endsWith('.localhost');
}
