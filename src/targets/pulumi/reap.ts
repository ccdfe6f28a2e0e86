import { access } from 'node:fs/promises';
import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { resolveBackendUrl } from './backend.js';
import { destroyCloudEnvironment } from './destroy.js';
import type { CloudOptions } from './options.js';
import { isPulumiInstalled, type PreflightHost } from './preflight.js';
import { EXPIRES_AT_KEY, TARGET_KEY, workspaceOptions } from './workspace.js';

export interface StackExpiry {
  readonly envId: string;
  readonly target: string | undefined;
  /** undefined when the stack has no expiry recorded (never reaped automatically). */
  readonly expiresAt: string | undefined;
}

/** Stacks whose expiry lies at or before `now`. Pure. */
export function selectExpired(stacks: readonly StackExpiry[], now: Date): StackExpiry[] {
  return stacks.filter((s) => s.expiresAt !== undefined && Date.parse(s.expiresAt) <= now.getTime());
}

/**
 * Expired stacks that no faultline state knows (`known`: the stack names
 * recorded in the states, which `reap` destroys through their target): the
 * ones a lost or wiped $FAULTLINE_HOME would otherwise leave running. Pure.
 */
export function selectOrphans(stacks: readonly StackExpiry[], known: ReadonlySet<string>, now: Date): StackExpiry[] {
  return selectExpired(stacks, now).filter((s) => !known.has(s.envId));
}

/**
 * The expiry of a stack: the `expiresAt` stack output (in the backend's
 * state, so readable from any machine with the backend), else the
 * `faultline:expiresAt` config of older stacks. Pure.
 */
export function expiryOf(outputs: Readonly<Record<string, { value: unknown }>>, config: Readonly<Record<string, { value: string }>>): Pick<StackExpiry, 'expiresAt' | 'target'> {
  const out = (key: string) => (typeof outputs[key]?.value === 'string' ? (outputs[key].value as string) : undefined);
  return { expiresAt: out('expiresAt') ?? config[EXPIRES_AT_KEY]?.value, target: out('target') ?? config[TARGET_KEY]?.value };
}

/** Every environment stack in the backend with its recorded expiry. */
export async function listCloudStacks(options: CloudOptions): Promise<StackExpiry[]> {
  const ws = await LocalWorkspace.create(await workspaceOptions(options, async () => ({})));
  const stacks = await ws.listStacks();
  return Promise.all(
    stacks.map(async (s) => {
      const [outputs, config] = await Promise.all([ws.stackOutputs(s.name).catch(() => ({})), ws.getAllConfig(s.name).catch(() => ({}))]);
      return { envId: s.name, ...expiryOf(outputs, config) };
    }),
  );
}

/** Environments on cloud targets whose expires-at has passed. */
export async function listExpired(options: CloudOptions, now: Date = new Date()): Promise<StackExpiry[]> {
  return selectExpired(await listCloudStacks(options), now);
}

/** Destroy one expired environment and remove its stack. */
export async function reapCloudEnvironment(
  envId: string,
  options: CloudOptions,
  progress?: (line: string) => void,
): Promise<{ readonly removed: boolean }> {
  return destroyCloudEnvironment(envId, options, progress);
}

/** What backend-wide reaping did with one stack no faultline state knows. */
export interface OrphanOutcome {
  readonly name: string;
  readonly target: string;
  readonly expiresAt: string;
  readonly result: 'reaped' | 'would-reap' | 'failed';
  readonly note: string;
}

/**
 * The backend-wide part of `faultline reap`: destroy every expired stack of
 * the backend that no faultline state knows. Does nothing (and contacts
 * nothing) without the pulumi CLI or when the default file backend was never
 * created. One failure does not stop the others.
 */
export async function reapOrphanStacks(
  options: CloudOptions,
  known: ReadonlySet<string>,
  opts: { readonly now?: Date; readonly dryRun?: boolean; readonly progress?: (line: string) => void; readonly host?: PreflightHost } = {},
): Promise<OrphanOutcome[]> {
  if (!(await isPulumiInstalled(opts.host))) return [];
  const backend = resolveBackendUrl(options);
  if (backend.startsWith('file://') && !(await access(backend.slice('file://'.length)).then(() => true, () => false))) return [];
  const orphans = selectOrphans(await listCloudStacks(options), known, opts.now ?? new Date());
  const outcomes: OrphanOutcome[] = [];
  for (const stack of orphans) {
    const base = { name: stack.envId, target: stack.target ?? 'unknown', expiresAt: stack.expiresAt ?? '' };
    if (opts.dryRun) {
      outcomes.push({ ...base, result: 'would-reap', note: 'stack without faultline state' });
      continue;
    }
    try {
      opts.progress?.(`reaping stack ${stack.envId} (no faultline state; expired ${stack.expiresAt})`);
      await reapCloudEnvironment(stack.envId, options, opts.progress);
      outcomes.push({ ...base, result: 'reaped', note: 'stack without faultline state' });
    } catch (error) {
      outcomes.push({ ...base, result: 'failed', note: (error as Error).message });
    }
  }
  return outcomes;
}
