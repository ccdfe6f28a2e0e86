import type { Criterion, Observation, VerifyResult } from '../core/evidence.js';
import type { FaultContext } from '../core/fault.js';
import { createRng } from '../core/rng.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState, FaultState } from '../schema/state.js';
import { waitFor } from '../utils/wait-for.js';
import type { EnvHandles } from './env-context.js';
import { createFaultRecords } from './fault-records.js';
import { implementationFor } from '../../faults/registry.js';
import { environmentPki } from './environment-pki.js';
import { machineAddress } from '../../faults/shared/machine-address.js';

/** Context handed to one fault of one environment. */
export function faultContext(state: EnvState, handles: EnvHandles, fault: FaultState, index: number): FaultContext {
  const env: FaultContext['env'] = {
    id: state.id,
    name: state.name,
    scenario: state.scenario,
    candidate: state.candidate,
    seed: state.seed,
    target: state.target,
    machines: state.machines.map((m) => ({ role: m.role, name: m.name, address: m.address })),
  };
  const pki = environmentPki(state);
  return {
    env,
    address: (role) => machineAddress(env, role),
    ...(pki === undefined ? {} : { pki }),
    exec: handles.exec,
    probes: handles.probes,
    rng: createRng(state.seed).fork(`${index}:${fault.id}:runtime`),
    records: createFaultRecords(state.name, fault.id, index),
    log: (message, details) => appendEvent(state.name, { type: 'fault.log', message, data: { fault: fault.id, ...(details ? { details } : {}) } }),
    waitFor: async (_what, check, options) => waitFor(check, options),
    ...(handles.target.kube === undefined ? {} : { kube: handles.target.kube(state) }),
  };
}

type Operation = 'inject' | 'solve' | 'revert';

/** Run one operation on every fault of the environment, in scenario order. */
export async function runFaultOperation(state: EnvState, handles: EnvHandles, operation: Operation): Promise<void> {
  for (const [index, entry] of state.faults.entries()) {
    const fault = implementationFor(entry.id, state.target);
    const started = Date.now();
    await fault[operation](faultContext(state, handles, entry, index), entry.params);
    const ms = Date.now() - started;
    appendEvent(state.name, { type: `fault.${operation}`, message: `${operation} ${entry.id} (${ms} ms)`, data: { fault: entry.id, params: entry.params, ms } });
  }
}

export interface FaultObservation extends Observation {
  readonly fault: string;
}

/**
 * Between symptom probes. A probe is a handful of requests and reads; at 2 s the
 * gate waited up to 2 s past a symptom that was already there.
 */
const SYMPTOM_POLL_MS = 500;

/** Each fault's symptom, polled until seen or `timeoutMs` passes. */
export async function observeSymptoms(state: EnvState, handles: EnvHandles, timeoutMs = 120_000): Promise<FaultObservation[]> {
  return Promise.all(
    state.faults.map(async (entry, index) => {
      const fault = implementationFor(entry.id, state.target);
      const ctx = faultContext(state, handles, entry, index);
      let last: Observation = { observed: false, evidence: 'not probed yet' };
      await waitFor(
        async () => {
          last = await fault.symptom(ctx, entry.params).catch((error: Error) => ({ observed: false, evidence: `probe failed: ${error.message}` }));
          return last.observed;
        },
        { timeoutMs, intervalMs: SYMPTOM_POLL_MS },
      );
      return { fault: entry.id, ...last };
    }),
  );
}

export interface FaultVerdict extends VerifyResult {
  readonly fault: string;
}

/** Run every fault's root-cause verification once. */
export async function verifyFaults(state: EnvState, handles: EnvHandles): Promise<FaultVerdict[]> {
  const verdicts: FaultVerdict[] = [];
  for (const [index, entry] of state.faults.entries()) {
    const fault = implementationFor(entry.id, state.target);
    const result = await fault
      .verify(faultContext(state, handles, entry, index), entry.params)
      .catch((error: Error): VerifyResult => ({ passed: false, criteria: [{ name: 'verification ran', passed: false, evidence: error.message }] as Criterion[] }));
    verdicts.push({ fault: entry.id, ...result });
  }
  return verdicts;
}
