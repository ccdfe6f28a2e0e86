import type { Fault } from '../src/core/fault.js';
import { FaultlineError } from '../src/errors/index.js';
import { formatIssues } from '../src/schema/format-issues.js';
import { badAlertRuleK8s } from './bad-alert-rule-k8s/index.js';
import { badAlertRule } from './bad-alert-rule/index.js';
import { brokenDropIn } from './broken-drop-in/index.js';
import { dataDirPermissions } from './data-dir-permissions/index.js';
import { diskPressureK8s } from './disk-pressure-k8s/index.js';
import { diskPressure } from './disk-pressure/index.js';
import { firewallPath } from './firewall-path/index.js';
import { staleHostsEntry } from './stale-hosts-entry/index.js';
import { nofileLimit } from './nofile-limit/index.js';
import { nginxRequestClass } from './nginx-request-class/index.js';
import { misroutedServiceK8s } from './misrouted-service-k8s/index.js';
import { misroutedService } from './misrouted-service/index.js';

// `any`: each fault checks its own params with its zod schema; the engine passes them through.
/** A fault of any params type, as the engine handles them. */
export type AnyFault = Fault<any>;

/** Every fault, by id. Adding a fault = one import and one entry here. */
export const FAULTS: ReadonlyMap<string, AnyFault> = new Map<string, AnyFault>(
  [
    misroutedService,
    diskPressure,
    badAlertRule,
    misroutedServiceK8s,
    diskPressureK8s,
    badAlertRuleK8s,
    brokenDropIn,
    dataDirPermissions,
    firewallPath,
    staleHostsEntry,
    nofileLimit,
    nginxRequestClass,
  ].map((fault) => [fault.id, fault]),
);

/** Ids of every registered fault, sorted. */
export function listFaultIds(): string[] {
  return [...FAULTS.keys()].sort();
}

/** The fault with `id`; throws UNKNOWN_FAULT naming the known ids. */
export function getFault(id: string): AnyFault {
  const fault = FAULTS.get(id);
  if (!fault) {
    throw new FaultlineError('UNKNOWN_FAULT', `Unknown fault "${id}".`, {
      hint: `Known faults: ${listFaultIds().join(', ')}.`,
    });
  }
  return fault;
}

/**
 * Validate params a scenario gives a fault (all fields optional). Returns
 * the parsed params; throws INVALID_PARAMS with one line per problem
 * (path, what was expected, what came).
 */
export function validateFaultParams(id: string, params: unknown): Record<string, unknown> {
  const fault = getFault(id);
  const result = fault.params.safeParse(params ?? {});
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
