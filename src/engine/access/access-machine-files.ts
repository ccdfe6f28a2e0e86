import { readFile } from 'node:fs/promises';
import { readImageAccountFiles, renderMachineAccessSeed } from '../../access/machine-access-seed.js';
import type { SeedEntry } from '../../access/seed-files.js';
import { renderWriteupTemplate, WRITEUP } from '../../access/writeup.js';
import type { EnvState } from '../../schema/state.js';
import type { RenderedFile } from '../../stack/render/rendered-file.js';
import { ROLES, type Role } from '../../stack/topology.js';
import { loadConfig } from '../load-config.js';
import { writeupInputFor } from '../seat/writeup.js';
import { ensureEnvKeys } from './env-keys.js';
import { ensureTeleportSeed } from './teleport-material.js';
import { visibleEnvName } from '../../stack/render/hosts.js';

/**
 * The candidate-access files of every machine, for the local target's seed
 * step (registered with `addMachineFiles`): each machine's own host key, the
 * sshd drop-in, the root-owned authorized key, the candidate account and
 * home, sudo, and the session recorder. The candidate account is added to
 * the account files of the base image the target builds the machines from.
 */
export async function renderAccessMachineFiles(state: EnvState, image: { readonly rootfs: string }): Promise<ReadonlyMap<Role, readonly RenderedFile[]>> {
  const config = await loadConfig();
  const { accounts, skel } = await readImageAccountFiles(image.rootfs);
  const keys = await ensureEnvKeys(state.name, ROLES, visibleEnvName(state.id));
  const now = new Date(state.createdAt);
  const teleport = await ensureTeleportSeed(state, config);
  const writeup = renderWriteupTemplate(await writeupInputFor(state));
  const files = new Map<Role, RenderedFile[]>();
  for (const role of ROLES) {
    const hostKey = keys.hosts.find((key) => key.machine === role);
    if (!hostKey) continue;
    const seed = renderMachineAccessSeed({
      hostKey: { privateKey: await readFile(hostKey.privateKeyPath, 'utf8'), publicKey: hostKey.publicKey },
      candidatePublicKey: keys.candidate.publicKey,
      accounts,
      skel,
      now,
      ...(teleport ? { teleport: role === 'edge' ? teleport.bastion : teleport.others } : {}),
    });
    const entries: SeedEntry[] = [...seed.entries];
    // The candidate's write-up, with a template per problem, in their home on the bastion.
    if (role === WRITEUP.machine) entries.push({ kind: 'file', path: WRITEUP.path, content: writeup, mode: 0o644, uid: seed.account.uid, gid: seed.account.gid });
    files.set(role, toRenderedFiles(entries));
  }
  return files;
}

/** Seed entries (src/access) as rendered machine files, owners and modes kept. */
export function toRenderedFiles(entries: readonly SeedEntry[]): RenderedFile[] {
  return entries.map((entry): RenderedFile => {
    const owner = { ...(entry.uid !== undefined ? { uid: entry.uid } : {}), ...(entry.gid !== undefined ? { gid: entry.gid } : {}) };
    return entry.kind === 'dir'
      ? { path: entry.path, directory: true, mode: entry.mode, ...owner }
      : { path: entry.path, content: entry.content, mode: entry.mode, ...owner };
  });
}
