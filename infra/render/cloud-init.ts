import { stringify } from 'yaml';
import type { EnvIdentity } from '../config.js';
import { NODE_TOOLS } from '../versions.js';
import { BOOT_PATHS, TELEPORT_TOKEN_PLACEHOLDER, renderBootScript, type BootScriptInput } from './boot-script.js';
import { renderTeleportConfig } from './teleport-config.js';
import { renderTeleportOpenSsh, type TeleportOpenSshInput } from './teleport-openssh.js';

export interface CloudInitInput extends BootScriptInput {
  readonly env: EnvIdentity;
  readonly sshPublicKey: string;
  /** PEM of the pre-generated cluster CA certificate (public). */
  readonly serverCaCertPem: string;
  /** Teleport agentless mode (teleport.aws.mode: agentless): sshd trust + host cert instead of the agent. */
  readonly teleportOpenSsh?: TeleportOpenSshInput;
}

/**
 * `#cloud-config` user data: the candidate's key, the troubleshooting tools
 * (the AWS CLI among them, for the boot script's SSM reads), the public
 * cluster CA certificate and the boot script. It holds no secret: the API
 * token, the CA key, the Teleport join token and the agentless host key are
 * read from SSM at boot.
 */
export function renderCloudInit(input: CloudInitInput): string {
  const files: { path: string; permissions: string; content: string }[] = [
    { path: BOOT_PATHS.serverCaCert, permissions: '0644', content: input.serverCaCertPem },
    { path: BOOT_PATHS.script, permissions: '0700', content: renderBootScript(input) },
  ];
  if (input.teleportProxy !== undefined) {
    files.push({
      path: BOOT_PATHS.teleportTemplate,
      permissions: '0600',
      content: renderTeleportConfig({ proxy: input.teleportProxy, joinToken: TELEPORT_TOKEN_PLACEHOLDER, nodeName: input.env.id, env: input.env }),
    });
  }
  const commands: string[][] = [];
  // Teleport's sshd first: the node is reachable through Teleport even while (or if) the k3s install fails.
  if (input.teleportOpenSsh !== undefined) {
    const part = renderTeleportOpenSsh(input.teleportOpenSsh);
    files.push(...part.files);
    commands.push(...part.commands);
  }
  commands.push([BOOT_PATHS.script]);
  const doc = {
    package_update: true,
    packages: [...NODE_TOOLS],
    users: [
      'default',
      {
        name: 'candidate',
        groups: ['sudo'],
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        ssh_authorized_keys: [input.sshPublicKey],
      },
    ],
    write_files: files,
    runcmd: commands,
  };
  return `#cloud-config\n${stringify(doc)}`;
}
