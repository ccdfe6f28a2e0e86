import {
  FAULT_KIND_OF_TARGET,
  type FaultDefinition,
  type FaultImplementation,
  type FaultKind,
} from '../src/core/fault.js';
import type { TargetName } from '../src/schema/scenario.js';
import { FaultlineError } from '../src/errors/index.js';
import { formatIssues } from '../src/schema/format-issues.js';
import { badAlertRule } from './bad-alert-rule/index.js';
import { brokenDropIn } from './broken-drop-in/index.js';
import { cpuQuotaThrottle } from './cpu-quota-throttle/index.js';
import { dataDirPermissions } from './data-dir-permissions/index.js';
import { diskPressure } from './disk-pressure/index.js';
import { etcdNospace } from './etcd-nospace/index.js';
import { firewallPath } from './firewall-path/index.js';
import { hardeningDropIn } from './hardening-drop-in/index.js';
import { memoryMaxOom } from './memory-max-oom/index.js';
import { inodeExhaustion } from './inode-exhaustion/index.js';
import { misroutedService } from './misrouted-service/index.js';
import { nginxRequestClass } from './nginx-request-class/index.js';
import { nofileLimit } from './nofile-limit/index.js';
import { pageNotRouted } from './page-not-routed/index.js';
import { silentScrape } from './silent-scrape/index.js';
import { staleHostsEntry } from './stale-hosts-entry/index.js';
import { startLimit } from './start-limit/index.js';
import { tlsBrokenChain } from './tls-broken-chain/index.js';
import { tlsExpiredLeaf } from './tls-expired-leaf/index.js';
import { tlsNameMismatch } from './tls-name-mismatch/index.js';

// `any`: each implementation checks its own params with its zod schema; the engine passes them through.
/** An implementation of any params type, as the engine handles them. */
export type AnyFaultImplementation = FaultImplementation<any>;

/**
 * Every fault, by id. Adding a fault = its folder faults/<id>/ and one entry
 * here; tests, selftest, bench, the catalogue and README's table read this.
 */
export const FAULTS: ReadonlyMap<string, FaultDefinition> = new Map<string, FaultDefinition>(
  [
    misroutedService,
    diskPressure,
    badAlertRule,
    brokenDropIn,
    dataDirPermissions,
    firewallPath,
    staleHostsEntry,
    nofileLimit,
    nginxRequestClass,
    hardeningDropIn,
    startLimit,
    tlsExpiredLeaf,
    tlsBrokenChain,
    tlsNameMismatch,
    etcdNospace,
    silentScrape,
    pageNotRouted,
    cpuQuotaThrottle,
    memoryMaxOom,
    inodeExhaustion,
  ].map((fault) => [fault.id, fault]),
);

/** Ids of every registered fault, sorted. */
export function listFaultIds(): string[] {
  return [...FAULTS.keys()].sort();
}

/** Every registered fault, sorted by id. */
export function listFaults(): FaultDefinition[] {
  return listFaultIds().map((id) => FAULTS.get(id) as FaultDefinition);
}

/** The fault with `id`; throws UNKNOWN_FAULT naming the known ids. */
export function getFault(id: string): FaultDefinition {
  const fault = FAULTS.get(id);
  if (!fault) {
    throw new FaultlineError('UNKNOWN_FAULT', `Unknown fault "${id}".`, {
      hint: `Known faults: ${listFaultIds().join(', ')}.`,
    });
  }
  return fault;
}

/** The kinds of target a fault has an implementation for (`host`, `kubernetes`). */
export function faultKinds(fault: FaultDefinition): FaultKind[] {
  return (Object.keys(fault.implementations) as FaultKind[]).filter((kind) => fault.implementations[kind] !== undefined).sort();
}

/** The implementation of fault `id` for a kind of target; throws UNSUPPORTED_TARGET when it has none. */
export function getImplementation(id: string, kind: FaultKind): AnyFaultImplementation {
  const fault = getFault(id);
  const impl = fault.implementations[kind];
  if (impl === undefined) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Fault "${id}" has no ${kind} implementation.`, {
      hint: `It runs on: ${faultKinds(fault).join(', ')}. Pick a target the scenario lists under \`targets\` that fits.`,
    });
  }
  return impl;
}

/** The implementation of fault `id` that runs on `target` (host on local, kubernetes on aws and kubernetes). */
export function implementationFor(id: string, target: TargetName): AnyFaultImplementation {
  return getImplementation(id, FAULT_KIND_OF_TARGET[target]);
}

/**
 * Validate params a scenario gives a fault (all fields optional) against the
 * implementation for `kind`. Returns the parsed params; throws
 * INVALID_PARAMS with one line per problem (path, what was expected, what came).
 */
export function validateFaultParams(id: string, params: unknown, kind: FaultKind = 'host'): Record<string, unknown> {
  const impl = getImplementation(id, kind);
  const result = impl.params.safeParse(params ?? {});
  if (!result.success) {
    const problems = formatIssues(result.error, params).map((line) => (line.startsWith('(root)') ? `params${line.slice('(root)'.length)}` : `params.${line}`));
    throw new FaultlineError('INVALID_PARAMS', `Fault "${id}" has ${problems.length} invalid param${problems.length === 1 ? '' : 's'}:`, {
      details: problems,
      hint: `See faults/${id}/README.md for the params and their allowed values.`,
      cause: result.error,
    });
  }
  return result.data as Record<string, unknown>;
}
