import { z } from 'zod';
import { ROLES } from '../stack/topology.js';
import { targetName } from './scenario.js';

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

export const machineStateSchema = z.object({
  role: z.enum(ROLES),
  /** Host-side machine name, e.g. fl-3fa2c1-edge. */
  name: z.string(),
  address: z.string(),
  nspawnPid: z.number().int().optional(),
  /** PID of the machine's init, as seen from the host (target of nsenter). */
  leaderPid: z.number().int().optional(),
  upperDir: z.string(),
});
export type MachineState = z.infer<typeof machineStateSchema>;

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

/** $FAULTLINE_HOME/envs/<name>/state.json — versioned, written atomically under the env lock. */
export const envStateSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{6}$/),
  name: z.string(),
  scenario: z.string(),
  scenarioPath: z.string(),
  candidate: z.string(),
  seed: z.number().int(),
  target: targetName,
  createdAt: z.string(),
  expiresAt: z.string(),
  readyAt: z.string().optional(),
  phase: phaseSchema,
  /** Process currently changing this environment (up/reset/down); a dead owner mid-change means a crash. */
  ownerPid: z.number().int().optional(),
  /** The owner's start time (clock ticks after boot), so a reused pid is not taken for the owner. */
  ownerStart: z.number().int().optional(),
  failure: z.object({ step: z.string(), message: z.string() }).optional(),
  /** First three octets of the environment's /24, e.g. "10.213.7". */
  subnet: z.string(),
  bridge: z.string(),
  machines: z.array(machineStateSchema),
  volumes: z.array(volumeStateSchema).default([]),
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
  /** Target-specific data (cloud stack name, kube context, …). */
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type EnvState = z.infer<typeof envStateSchema>;
