import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACCESS_PATHS, CANDIDATE_USER } from './access-paths.js';
import { addCandidateAccount, findGroupId, type AccountFiles, type CandidateAccount } from './candidate-account.js';
import { renderRecorderScript } from './recorder-script.js';
import type { SeedEntry } from './seed-files.js';
import { renderAuthorizedKeys, renderAuthorizedPrincipals, renderSshdConfig, renderSudoers } from './sshd-config.js';

export interface MachineAccessSeedInput {
  /** The machine's own ed25519 host key (file contents). */
  readonly hostKey: { readonly privateKey: string; readonly publicKey: string };
  /** The environment's candidate public key (one line). */
  readonly candidatePublicKey: string;
  /** The base image's account files; see readImageAccountFiles. */
  readonly accounts: AccountFiles;
  /** The base image's /etc/skel files (name → content), copied into the home dir. */
  readonly skel?: Readonly<Record<string, string>>;
  readonly now?: Date;
  readonly allowTcpForwarding?: 'local' | 'no';
  /** Teleport agentless: trust its OpenSSH user CA for these principals; the bastion also gets a signed host key. */
  readonly teleport?: MachineTeleportSeed;
}

export interface MachineTeleportSeed {
  /** TrustedUserCAKeys content (see normaliseUserCaKeys). */
  readonly userCaKeys: string;
  /** Principals that map to the candidate account (the Teleport login). */
  readonly principals: readonly string[];
  /** The Teleport-signed host key and certificate (the bastion only). */
  readonly hostCertificate?: { readonly privateKey: string; readonly certificate: string };
}

export interface MachineAccessSeed {
  readonly entries: SeedEntry[];
  readonly account: CandidateAccount;
}

/**
 * Everything candidate access needs inside one machine, as seed entries for
 * its overlay upper dir before first boot: its own host key, the sshd
 * drop-in, the root-owned authorized key, the candidate account and home,
 * passwordless sudo, the session recorder and its log directory.
 */
export function renderMachineAccessSeed(input: MachineAccessSeedInput): MachineAccessSeed {
  const account = addCandidateAccount(input.accounts, input.now ? { now: input.now } : {});
  const shadowGid = findGroupId(account.files.group, 'shadow') ?? 0;
  const owner = { uid: account.uid, gid: account.gid };
  const entries: SeedEntry[] = [
    { kind: 'file', path: ACCESS_PATHS.hostKey, content: ensureNewline(input.hostKey.privateKey), mode: 0o600 },
    { kind: 'file', path: `${ACCESS_PATHS.hostKey}.pub`, content: ensureNewline(input.hostKey.publicKey), mode: 0o644 },
    {
      kind: 'file',
      path: ACCESS_PATHS.sshdDropIn,
      content: renderSshdConfig({
        ...(input.allowTcpForwarding ? { allowTcpForwarding: input.allowTcpForwarding } : {}),
        ...(input.teleport ? { trustedUserCa: { caKeysPath: ACCESS_PATHS.teleportUserCa, authorizedPrincipalsDir: ACCESS_PATHS.authorizedPrincipalsDir } } : {}),
        ...(input.teleport?.hostCertificate ? { hostCertificate: { keyPath: ACCESS_PATHS.teleportHostKey, certPath: ACCESS_PATHS.teleportHostCert } } : {}),
      }),
      mode: 0o644,
    },
    ...(input.teleport ? teleportEntries(input.teleport) : []),
    { kind: 'dir', path: ACCESS_PATHS.authorizedKeysDir, mode: 0o755 },
    { kind: 'file', path: `${ACCESS_PATHS.authorizedKeysDir}/${CANDIDATE_USER}`, content: renderAuthorizedKeys(input.candidatePublicKey), mode: 0o644 },
    { kind: 'file', path: '/etc/passwd', content: account.files.passwd, mode: 0o644 },
    { kind: 'file', path: '/etc/group', content: account.files.group, mode: 0o644 },
    { kind: 'file', path: '/etc/shadow', content: account.files.shadow, mode: 0o640, gid: shadowGid },
    { kind: 'file', path: '/etc/gshadow', content: account.files.gshadow, mode: 0o640, gid: shadowGid },
    { kind: 'dir', path: account.home, mode: 0o750, ...owner },
    ...Object.entries(input.skel ?? {}).map(
      ([name, content]): SeedEntry => ({ kind: 'file', path: `${account.home}/${name}`, content, mode: 0o644, ...owner }),
    ),
    { kind: 'dir', path: '/etc/sudoers.d', mode: 0o755 },
    { kind: 'file', path: ACCESS_PATHS.sudoers, content: renderSudoers(), mode: 0o440 },
    { kind: 'file', path: ACCESS_PATHS.sessionWrapper, content: renderRecorderScript(), mode: 0o755 },
    { kind: 'dir', path: '/var/log/faultline', mode: 0o755 },
    { kind: 'dir', path: ACCESS_PATHS.sessionsDir, mode: 0o1733 },
    { kind: 'file', path: ACCESS_PATHS.profileScript, content: PROFILE_SCRIPT, mode: 0o644 },
  ];
  return { entries, account };
}

/** Root-owned Teleport trust: the user CA, the candidate's principals file, and the bastion's signed host key. */
function teleportEntries(teleport: MachineTeleportSeed): SeedEntry[] {
  return [
    { kind: 'file', path: ACCESS_PATHS.teleportUserCa, content: teleport.userCaKeys, mode: 0o644 },
    { kind: 'dir', path: ACCESS_PATHS.authorizedPrincipalsDir, mode: 0o755 },
    { kind: 'file', path: `${ACCESS_PATHS.authorizedPrincipalsDir}/${CANDIDATE_USER}`, content: renderAuthorizedPrincipals(teleport.principals), mode: 0o644 },
    ...(teleport.hostCertificate
      ? ([
          { kind: 'file', path: ACCESS_PATHS.teleportHostKey, content: ensureNewline(teleport.hostCertificate.privateKey), mode: 0o600 },
          { kind: 'file', path: ACCESS_PATHS.teleportHostCert, content: ensureNewline(teleport.hostCertificate.certificate), mode: 0o644 },
        ] satisfies SeedEntry[])
      : []),
  ];
}

/** Read passwd/group/shadow/gshadow and the top-level /etc/skel files of a base image root. */
export async function readImageAccountFiles(imageRoot: string): Promise<{ accounts: AccountFiles; skel: Record<string, string> }> {
  const read = (path: string): Promise<string> => readFile(join(imageRoot, path), 'utf8').catch(() => '');
  const accounts = { passwd: await read('etc/passwd'), group: await read('etc/group'), shadow: await read('etc/shadow'), gshadow: await read('etc/gshadow') };
  const skel: Record<string, string> = {};
  for (const entry of await readdir(join(imageRoot, 'etc/skel'), { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) skel[entry.name] = await read(`etc/skel/${entry.name}`);
  }
  return { accounts, skel };
}

const PROFILE_SCRIPT = `# Managed by faultline: an admin's PATH for the candidate (ip, ss, iptables without sudo lookups).
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH" ;;
esac
export PATH
`;

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
