import { z } from 'zod';
import { ROLES } from '../stack/topology.js';
import { cloudTargetName } from './cloud-options.js';

export const phaseSchema = z.enum([
  'provisioning',
  'baseline',
  'injecting',
  'ready',
  'failed',
  'destroying',
  /** Booted and past the baseline gate (and, for a hot pool, faulted) in a pool; no candidate yet (src/engine/pool/). */
  'pooled',
]);
export type Phase = z.infer<typeof phaseSchema>;

/** A machine as every target describes it: its role, host-side (or pod) name and address. */
export const machineBaseSchema = z.object({
  role: z.enum(ROLES),
  /** Host-side machine name (fl-3fa2c1-edge) on the local target, the pod's name on cloud targets. */
  name: z.string(),
  address: z.string(),
});

/** A local (systemd-nspawn) machine: its processes and overlay upper dir on this host. */
export const localMachineSchema = machineBaseSchema.extend({
  nspawnPid: z.number().int().optional(),
  /** PID of the machine's init, as seen from the host (target of nsenter). */
  leaderPid: z.number().int().optional(),
  upperDir: z.string(),
});
export type LocalMachineState = z.infer<typeof localMachineSchema>;

export const volumeStateSchema = z.object({
  role: z.enum(ROLES),
  hostPath: z.string(),
  mountPoint: z.string(),
  sizeMiB: z.number().int(),
});

export const faultStateSchema = z.object({
  id: z.string(),
  /** Resolved params (scenario-given + seeded draws). */
  params: z.record(z.string(), z.unknown()),
});
export type FaultState = z.infer<typeof faultStateSchema>;

/** What every environment's state holds, whatever its target. */
const envStateBase = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{6}$/),
  name: z.string(),
  scenario: z.string(),
  scenarioPath: z.string(),
  candidate: z.string(),
  seed: z.number().int(),
  createdAt: z.string(),
  expiresAt: z.string(),
  readyAt: z.string().optional(),
  phase: phaseSchema,
  /** Process currently changing this environment (up/reset/down); a dead owner mid-change means a crash. */
  ownerPid: z.number().int().optional(),
  /** The owner's start time (clock ticks after boot), so a reused pid is not taken for the owner. */
  ownerStart: z.number().int().optional(),
  failure: z.object({ step: z.string(), message: z.string() }).optional(),
  /** First three octets of the environment's /24 on this host, e.g. "10.213.7"; empty when it has none (cloud). */
  subnet: z.string(),
  faults: z.array(faultStateSchema).default([]),
  access: z
    .object({
      bindAddress: z.string(),
      port: z.number().int(),
    })
    .optional(),
  /** Set when the environment was made by a pool (src/engine/pool/); `takenAt` once a candidate took it. */
  pool: z
    .object({
      /** The scenario a hot pool pre-faulted it for; unset for a warm pool (baseline only). */
      scenario: z.string().optional(),
      pooledAt: z.string(),
      takenAt: z.string().optional(),
    })
    .optional(),
  /**
   * Names this environment's interview had before: a `reset` from the pool replaces the environment with a pooled
   * one (its own name), oldest first. `resolveEnv` still finds it by them, so the interviewer's commands keep working.
   */
  previousNames: z.array(z.string()).optional(),
  /** Target-specific data (cloud stack name, kube context, …). */
  extra: z.record(z.string(), z.unknown()).default({}),
});

/** The local target's part of a state: its bridge, machines (nspawn, init pid, upper dir) and host volumes. */
export const localTargetStateSchema = z.object({
  target: z.literal('local'),
  bridge: z.string(),
  machines: z.array(localMachineSchema),
  volumes: z.array(volumeStateSchema).default([]),
});

/** A cloud target's part of a state: pods play the machines; the stack lives in `extra.cloud` (src/targets/pulumi/cloud-state.ts). */
export const cloudTargetStateSchema = z.object({
  target: cloudTargetName,
  machines: z.array(machineBaseSchema),
});

/** The target-specific part of a state, as a target's `allocate` returns it. */
export type TargetState = z.infer<typeof localTargetStateSchema> | z.infer<typeof cloudTargetStateSchema>;

export const localEnvStateSchema = envStateBase.extend(localTargetStateSchema.shape);
export type LocalEnvState = z.infer<typeof localEnvStateSchema>;
export const cloudEnvStateSchema = envStateBase.extend(cloudTargetStateSchema.shape);
export type CloudEnvState = z.infer<typeof cloudEnvStateSchema>;

/**
 * $FAULTLINE_HOME/envs/<name>/state.json — versioned, written atomically under the env lock.
 * A union keyed by `target`: each target narrows to its own part (src/targets/).
 */
export const envStateSchema = z.discriminatedUnion('target', [localEnvStateSchema, cloudEnvStateSchema]);
export type EnvState = z.infer<typeof envStateSchema>;
/** Any environment's machine (the fields every target fills in). */
export type MachineState = z.infer<typeof machineBaseSchema>;
