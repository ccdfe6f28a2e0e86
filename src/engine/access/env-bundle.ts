import { readFile } from 'node:fs/promises';
import { renderBriefing } from '../../access/briefing.js';
import { describeAccessBundle, writeAccessBundle, type AccessBundle } from '../../access/bundle.js';
import { WRITEUP } from '../../access/writeup.js';
import { FaultlineError } from '../../errors/index.js';
import { loadScenario } from '../../schema/load-scenario.js';
import type { EnvState } from '../../schema/state.js';
import { ROLES } from '../../stack/topology.js';
import { targetFor } from '../../targets/index.js';
import { loadConfig } from '../load-config.js';
import { readEnvKeys } from './env-keys.js';

export interface EnvBundleOptions {
  /** Directory to write (created; replaced only when empty or an earlier bundle). */
  readonly outDir: string;
  /** HostName the candidate connects to, when not the bind address (e.g. this host's public name). */
  readonly host?: string | undefined;
  /** Teleport instructions for BRIEFING.md, when the environment is a Teleport node. */
  readonly teleport?: { readonly command?: string | undefined; readonly web?: string | undefined } | undefined;
}

/** What `faultline access` reports: paths, the command and fingerprints, never the key itself. */
export interface EnvBundle {
  readonly bundle: AccessBundle;
  readonly bastion: { readonly host: string; readonly port: number };
  readonly machines: readonly string[];
  readonly fingerprints: { readonly candidate: string; readonly hosts: Readonly<Record<string, string>> };
}

/**
 * Write the access bundle of a running environment whose access this host
 * serves (`Target.hostAccess`): the candidate's
 * key, ssh_config (edge on the published port, the others through it),
 * known_hosts pinned to each machine's host key, and BRIEFING.md with the
 * scenario's incident text and timebox.
 */
export async function writeEnvBundle(state: EnvState, options: EnvBundleOptions): Promise<EnvBundle> {
  const { hostAccess } = targetFor(state.target, await loadConfig());
  if (!hostAccess) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Access bundles are written for the local target; ${state.name} runs on ${state.target}.`);
  }
  if (state.phase === 'failed' || state.phase === 'destroying' || !state.access) {
    throw new FaultlineError(state.phase === 'failed' || state.phase === 'destroying' ? 'USAGE' : 'ENV_BUSY', `${state.name} has no candidate access (phase ${state.phase}).`, {
      hint: state.phase === 'failed' ? 'Run `faultline reset` on it, or `faultline up` a new one.' : 'Wait until `faultline up` has finished.',
    });
  }
  const keys = await readEnvKeys(state.name);
  const host = options.host ?? (state.access.bindAddress === '0.0.0.0' ? '127.0.0.1' : state.access.bindAddress);
  const bastion = { host, port: state.access.port };
  const layout = describeAccessBundle(options.outDir);
  const briefing = renderBriefing({
    ...(await briefingText(state)),
    machines: ROLES,
    sshCommand: layout.sshCommand,
    sshConfigPath: layout.files.sshConfig,
    loki: await hostAccess.lokiAvailable(),
    ...(options.teleport?.command ? { teleportCommand: options.teleport.command } : {}),
    ...(options.teleport?.web ? { teleportWeb: options.teleport.web } : {}),
    writeup: { machine: WRITEUP.machine, display: WRITEUP.display, problems: Math.max(1, state.faults.length) },
  });
  const bundle = await writeAccessBundle({
    outDir: options.outDir,
    privateKeyPem: await readFile(keys.candidate.privateKeyPath, 'utf8'),
    machines: ROLES.map((name) => ({ name })),
    bastion,
    knownHosts: keys.hosts.map((key) => ({ machine: key.machine, publicKey: key.publicKey })),
    briefing,
  });
  return {
    bundle,
    bastion,
    machines: ROLES,
    fingerprints: { candidate: keys.candidate.fingerprint, hosts: Object.fromEntries(keys.hosts.map((key) => [key.machine, key.fingerprint])) },
  };
}

/** Title, incident and timebox from the scenario; a neutral text when its file is gone. */
async function briefingText(state: EnvState): Promise<{ title: string; incident: string; timebox: string }> {
  try {
    const scenario = await loadScenario(state.scenarioPath);
    return { title: scenario.title, incident: scenario.briefing, timebox: scenario.timebox };
  } catch {
    return { title: state.scenario, incident: 'Your interviewer will describe the incident.', timebox: 'as agreed with your interviewer' };
  }
}
