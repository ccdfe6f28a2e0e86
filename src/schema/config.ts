import { z } from 'zod';
import { cloudOptionsSchema } from './cloud-options.js';
import { teleportConfigSchema } from './teleport-config.js';

/**
 * $FAULTLINE_HOME/config.yaml. Everything is optional; defaults suit one
 * Linux host. This schema is the single source of truth for the file.
 */
export const configSchema = z
  .strictObject({
    local: z
      .strictObject({
        /** First two octets of the /16 that environments' /24s are carved from. */
        addressPool: z
          .string()
          .regex(/^\d{1,3}\.\d{1,3}$/, 'the first two octets of a private /16, e.g. "10.213"')
          .default('10.213'),
        /** Passed to debootstrap; unset means debootstrap's own default mirror. */
        mirror: z.string().url().optional(),
        /** Path to a `loki` binary to run on mon; unset means look on PATH, else logs stay in journal-remote only. */
        loki: z.string().optional(),
        /** Where the bastion's SSH port is published on the host. */
        bindAddress: z.string().default('127.0.0.1'),
        sshPortRange: z.tuple([z.number().int().min(1024), z.number().int().max(65535)]).default([2200, 2399]),
        /** Memory limit per machine (bytes), enforced through the machine's cgroup. */
        machineMemoryMax: z.number().int().positive().default(512 * 1024 * 1024),
        /** Most tasks (processes + threads) per machine, enforced through the machine's pids cgroup. */
        machinePidsMax: z.number().int().min(64).default(512),
        /** CPU weight per machine (cgroup v2 units: 100 is an equal share; 1…10000). */
        machineCpuWeight: z.number().int().min(1).max(10000).default(100),
        /**
         * Size of each machine's root filesystem (bytes): its overlay upper dir lives on a sparse ext4 image
         * of this size, so `df /` inside shows it and a runaway write ends with ENOSPC inside the machine.
         */
        machineDiskMax: z.number().int().min(64 * 1024 * 1024).default(2 * 1024 * 1024 * 1024),
        /**
         * Run machines in a user namespace (root inside is an unprivileged host uid). Only set false on a
         * host without user namespaces, knowing that candidate root is then host root (README, security model).
         */
        userNamespace: z.boolean().default(true),
      })
      .prefault({}),
    /** `faultline pool` (README, "Pool"): environments kept booted for the next `up`. */
    pool: z
      .strictObject({
        /**
         * Most host memory the pool's unclaimed environments may take together (bytes, their machines' cgroup
         * memory); the server also refills only while the host's MemAvailable has room for one more.
         */
        memoryBudget: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
        /** Memory one environment is assumed to take before the pool has measured one of its own (bytes). */
        envMemoryEstimate: z.number().int().positive().default(384 * 1024 * 1024),
        /** How often `pool serve` checks whether to refill (ms). */
        refillIntervalMs: z.number().int().min(200).default(2000),
      })
      .prefault({}),
    teleport: teleportConfigSchema.optional(),
    pulumi: z
      .strictObject({
        /** e.g. s3://bucket/prefix, or Pulumi Cloud after `pulumi login`; default file://$FAULTLINE_HOME/pulumi */
        backend: z.string().optional(),
      })
      .prefault({}),
    /** Cloud targets (docs/CLOUD.md); the shapes are the cloud adapter's options, reused as-is. */
    aws: cloudOptionsSchema.shape.aws,
    kubernetes: cloudOptionsSchema.shape.kubernetes,
    /** Download sources of the cloud targets (k3s install script, Helm repositories); no defaults on purpose. */
    sources: cloudOptionsSchema.shape.sources,
    /** Container images of the cloud targets' app and store (defaults in infra/versions.ts). */
    images: cloudOptionsSchema.shape.images,
  })
  .describe('faultline configuration ($FAULTLINE_HOME/config.yaml)');

export type Config = z.infer<typeof configSchema>;
