import { stringify } from 'yaml';
import type { Config } from '../schema/config.js';
import { findExecutable } from './host-tool.js';

/** The `teleport` section of the faultline config (proxy, join token, optional binary path). */
export type TeleportConfig = NonNullable<Config['teleport']>;

/** How candidates get in on the local target, and why. */
export type AccessMode =
  | { readonly kind: 'teleport'; readonly binary: string; readonly config: TeleportConfig }
  | { readonly kind: 'ssh'; readonly reason: string };

/**
 * Decide between Teleport and plain SSH for the local target: Teleport when
 * the config has a `teleport` section and a `teleport` binary is found (the
 * configured path, else PATH); plain SSH through the bastion otherwise. The
 * SSH bundle is written in both cases, so the interviewer always has a way in.
 */
export async function chooseAccessMode(config: TeleportConfig | undefined, pathEnv = process.env.PATH ?? ''): Promise<AccessMode> {
  if (!config) return { kind: 'ssh', reason: 'no teleport section in the faultline config' };
  const binary = await findExecutable(config.binary ?? 'teleport', pathEnv);
  if (!binary) {
    return { kind: 'ssh', reason: config.binary ? `teleport binary not found at ${config.binary}` : 'no teleport binary on PATH' };
  }
  return { kind: 'teleport', binary, config };
}

/** The node name a machine registers under: unique across environments. */
export function teleportNodeName(envId: string, machine: string): string {
  return `${envId}-${machine}`;
}

export interface TeleportNodeInput {
  readonly envId: string;
  readonly machine: string;
  readonly config: TeleportConfig;
  /** Extra labels (scenario, candidate); env and role are always set. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Render `/etc/teleport.yaml` for one machine: an SSH node only (no auth, no
 * proxy), joining the configured proxy with the token, labelled with the
 * environment and role so `tsh ls faultline-env=<id>` finds it. The file
 * holds the join token: install it 0600.
 */
export function renderTeleportNodeConfig(input: TeleportNodeInput): string {
  const document = {
    version: 'v3',
    teleport: {
      nodename: teleportNodeName(input.envId, input.machine),
      data_dir: '/var/lib/teleport',
      proxy_server: input.config.proxy,
      join_params: { method: 'token', token_name: input.config.joinToken },
      log: { output: 'stderr', severity: 'INFO' },
    },
    auth_service: { enabled: false },
    proxy_service: { enabled: false },
    ssh_service: {
      enabled: true,
      labels: { ...input.labels, 'faultline-env': input.envId, 'faultline-role': input.machine },
    },
  };
  return stringify(document);
}

/** systemd unit running the node; the binary is bound into the machine at `binaryPath`. */
export function renderTeleportUnit(binaryPath = '/usr/local/bin/teleport'): string {
  return [
    '[Unit]',
    'Description=Teleport SSH node (faultline candidate access)',
    'After=network-online.target',
    '',
    '[Service]',
    `ExecStart=${binaryPath} start --config=/etc/teleport.yaml`,
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The commands a candidate runs: log in to the proxy, then ssh to a machine as `candidate`. */
export function tshCommand(config: TeleportConfig, envId: string, machine = 'edge'): string {
  return `tsh login --proxy=${config.proxy} && tsh ssh candidate@${teleportNodeName(envId, machine)}`;
}
