import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { CANDIDATE_USER } from './access-paths.js';
import { quoteForShell } from './briefing.js';

/** A machine the candidate can ssh to, by name. */
export interface BundleMachine {
  /** Host alias in ssh_config (the role: edge, app, …). */
  readonly name: string;
  /** Where the bastion connects for it (default: the name, resolved by the bastion). */
  readonly hostName?: string;
  readonly port?: number;
}

export interface WriteAccessBundleInput {
  readonly outDir: string;
  /** The candidate's private key (OpenSSH format). Written 0600, never logged. */
  readonly privateKeyPem: string;
  /** Machines reached through the bastion (the bastion itself may be listed; it is skipped). */
  readonly machines: readonly BundleMachine[];
  /** The bastion as published on the host. */
  readonly bastion: { readonly name?: string; readonly host: string; readonly port: number };
  /** Each machine's host public key (`ssh-ed25519 AAAA…`), pinned in known_hosts. */
  readonly knownHosts: readonly { readonly machine: string; readonly publicKey: string }[];
  /** BRIEFING.md content (see renderBriefing). */
  readonly briefing: string;
  readonly user?: string;
}

export interface AccessBundle {
  readonly outDir: string;
  /** `ssh -F <outDir>/ssh_config edge`, shell-quoted. */
  readonly sshCommand: string;
  readonly files: { readonly privateKey: string; readonly sshConfig: string; readonly knownHosts: string; readonly briefing: string };
}

/** File that marks a directory as a faultline bundle, so a re-run may replace it. */
export const BUNDLE_MARKER = '.faultline-bundle';

/** The paths a bundle at `outDir` will have, and the ssh command (no files touched). */
export function describeAccessBundle(outDir: string, bastionName = 'edge'): AccessBundle {
  const dir = resolve(outDir);
  const files = { privateKey: join(dir, 'id_ed25519'), sshConfig: join(dir, 'ssh_config'), knownHosts: join(dir, 'known_hosts'), briefing: join(dir, 'BRIEFING.md') };
  return { outDir: dir, sshCommand: `ssh -F ${quoteForShell(files.sshConfig)} ${bastionName}`, files };
}

/**
 * Write the candidate's access bundle: private key (0600), ssh_config with a
 * Host entry per machine (the bastion direct on its published port, the
 * others through it with ProxyJump), known_hosts pinned to each machine's
 * host key (by alias, so the published port does not matter), and
 * BRIEFING.md. Written into a temp dir next to `outDir` and renamed into
 * place; a failure leaves no partial bundle. An existing `outDir` is replaced
 * only when it is empty or an earlier bundle.
 */
export async function writeAccessBundle(input: WriteAccessBundleInput): Promise<AccessBundle> {
  const bastionName = input.bastion.name ?? 'edge';
  const bundle = describeAccessBundle(input.outDir, bastionName);
  const sshConfig = renderSshConfig(input, bundle);
  const knownHosts = renderKnownHosts(input.knownHosts);
  await assertReplaceable(bundle.outDir);

  const parent = dirname(bundle.outDir);
  const temp = join(parent, `.${basename(bundle.outDir)}.tmp-${process.pid}-${Date.now()}`);
  const old = join(parent, `.${basename(bundle.outDir)}.old-${process.pid}-${Date.now()}`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp, { mode: 0o700 });
    await chmod(temp, 0o700);
    await writeFile(join(temp, 'id_ed25519'), ensureNewline(input.privateKeyPem), { mode: 0o600 });
    await writeFile(join(temp, 'ssh_config'), sshConfig, { mode: 0o600 });
    await writeFile(join(temp, 'known_hosts'), knownHosts, { mode: 0o644 });
    await writeFile(join(temp, 'BRIEFING.md'), input.briefing, { mode: 0o644 });
    await writeFile(join(temp, BUNDLE_MARKER), 'faultline access bundle\n', { mode: 0o644 });
    const existed = await stat(bundle.outDir).then(() => true, () => false);
    if (existed) await rename(bundle.outDir, old);
    await rename(temp, bundle.outDir);
    if (existed) await rm(old, { recursive: true, force: true });
  } catch (cause) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (cause instanceof FaultlineError) throw cause;
    throw new FaultlineError('OUTPUT_NOT_WRITABLE', `Could not write the access bundle to ${bundle.outDir}.`, {
      hint: 'Pass --out with a directory you can write to.',
      details: [String((cause as Error).message ?? cause)],
      cause,
    });
  }
  return bundle;
}

/** Render ssh_config for the bundle (exported for tests and `access --json`). */
export function renderSshConfig(input: Pick<WriteAccessBundleInput, 'machines' | 'bastion' | 'user'>, bundle: AccessBundle): string {
  const user = input.user ?? CANDIDATE_USER;
  const bastionName = input.bastion.name ?? 'edge';
  for (const name of [bastionName, ...input.machines.map((machine) => machine.name)]) assertAlias(name);
  for (const host of [input.bastion.host, ...input.machines.map((machine) => machine.hostName ?? machine.name)]) {
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) throw new FaultlineError('INVALID_PARAMS', `Host ${JSON.stringify(host)} cannot be an ssh_config HostName.`);
  }
  const common = [
    `  User ${user}`,
    `  IdentityFile ${quoteConfig(bundle.files.privateKey)}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${quoteConfig(bundle.files.knownHosts)}`,
    '  StrictHostKeyChecking yes',
    '  HostKeyAlgorithms ssh-ed25519',
    '  ServerAliveInterval 30',
  ];
  const blocks = [
    ['# faultline access bundle: ssh -F <this file> <machine>', `Host ${bastionName}`, `  HostName ${input.bastion.host}`, `  Port ${input.bastion.port}`, `  HostKeyAlias ${bastionName}`, ...common],
    ...input.machines
      .filter((machine) => machine.name !== bastionName)
      .map((machine) => [
        `Host ${machine.name}`,
        `  HostName ${machine.hostName ?? machine.name}`,
        `  Port ${machine.port ?? 22}`,
        `  ProxyJump ${bastionName}`,
        `  HostKeyAlias ${machine.name}`,
        ...common,
      ]),
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}

/** known_hosts lines keyed by host alias: `<machine> ssh-ed25519 AAAA…`. */
export function renderKnownHosts(entries: WriteAccessBundleInput['knownHosts']): string {
  return entries
    .map(({ machine, publicKey }) => {
      assertAlias(machine);
      const [type, key] = publicKey.trim().split(/\s+/);
      if (type !== 'ssh-ed25519' || !key || !/^[A-Za-z0-9+/=]+$/.test(key)) {
        throw new FaultlineError('INVALID_PARAMS', `The host key of ${machine} is not an ssh-ed25519 public key.`);
      }
      return `${machine} ${type} ${key}\n`;
    })
    .join('');
}

async function assertReplaceable(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') {
      throw new FaultlineError('OUTPUT_NOT_WRITABLE', `${outDir} exists and is not a directory.`, { hint: 'Pass --out with a new or empty directory.' });
    }
    throw new FaultlineError('OUTPUT_NOT_WRITABLE', `Cannot read ${outDir}.`, { cause: error, hint: 'Pass --out with a directory you can write to.' });
  });
  if (entries && entries.length > 0 && !entries.includes(BUNDLE_MARKER)) {
    throw new FaultlineError('OUTPUT_NOT_WRITABLE', `${outDir} already holds other files; refusing to replace it with an access bundle.`, {
      hint: 'Pass --out with a new or empty directory.',
    });
  }
}

function assertAlias(name: string): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new FaultlineError('INVALID_PARAMS', `Machine name ${JSON.stringify(name)} cannot be an ssh_config host alias.`);
}

/** ssh_config takes double quotes around paths with spaces. */
function quoteConfig(path: string): string {
  if (path.includes('"') || path.includes('\n')) throw new FaultlineError('OUTPUT_NOT_WRITABLE', `The bundle path ${JSON.stringify(path)} cannot be written into ssh_config.`);
  const escaped = path.replaceAll('%', '%%');
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
