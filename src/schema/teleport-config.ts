import { z } from 'zod';
import { cidr } from './cloud.js';

/** host or host:port, as Teleport's `proxy_server` / `--proxy` take it. */
const hostPort = z.string().regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'host or host:port of the Teleport proxy, e.g. teleport.example.com:443');

/**
 * The `teleport:` section of config.yaml. Candidates come in through the
 * interviewer's Teleport cluster; faultline machines are **agentless OpenSSH
 * nodes** (sshd trusts Teleport's OpenSSH user CA and presents a host
 * certificate signed by Teleport's host CA; a `node` resource with
 * `sub_kind: openssh` tells the proxy where to dial). See src/access/README.md.
 */
export const teleportConfigSchema = z
  .strictObject({
    /** The cluster's proxy (what `tsh login --proxy=` takes); the web terminal is https://<proxy>/web. */
    proxy: hostPort,
    /**
     * The Teleport login (certificate principal) that becomes the `candidate` account. sshd's
     * AuthorizedPrincipalsFile lists only this principal, so a Teleport certificate without it is refused.
     * The candidate's role must also allow the OS login `candidate` (`tsh ssh candidate@<node>`).
     */
    login: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/, 'a Teleport login: letters, digits and _.@- (e.g. candidate)')
      .default('candidate'),
    /** Extra labels on every node; env, scenario, candidate and expires-at are always set and win. */
    labels: z.record(z.string().regex(/^[A-Za-z0-9/._:*-]{1,63}$/, 'a Teleport label key'), z.string().max(255)).default({}),
    /**
     * The OpenSSH user CA, exported once by the interviewer: `tctl auth export --type=openssh > teleport-openssh-ca.pub`.
     * Unset: faultline runs that command itself (tctl must then be on PATH or at `tctl`).
     */
    userCaFile: z.string().optional(),
    /**
     * How each environment's host certificate is obtained. It must be per environment (its principals
     * are the node's UUID, hostname and address), so it cannot be a file exported once. `command` runs
     * with `{principals}` (comma-separated), `{out}` and `{ttl}` replaced and must write `{out}` (private
     * key) and `{out}-cert.pub`, like `tctl auth sign --format=openssh` does. Unset: that tctl command.
     */
    hostCert: z.strictObject({ command: z.array(z.string().min(1)).min(1).optional() }).prefault({}),
    /** tctl binary (name on PATH or absolute path), used when it is found; default `tctl`. */
    tctl: z.string().default('tctl'),
    /**
     * Registering the node resource: `tctl` (tctl create; refuse up without tctl), `file` (write
     * node.yaml and print the command for the interviewer), `auto` (tctl when found, else file).
     */
    register: z.enum(['auto', 'tctl', 'file']).default('auto'),
    /**
     * The host (name or IP) the Teleport proxy dials to reach the published bastion port. Default
     * `local.bindAddress`; required when that is 0.0.0.0.
     */
    advertiseHost: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, 'a host name or IP address').optional(),
    /**
     * A loopback advertise address (127.0.0.1, the default bind address) is refused, because a proxy on
     * another host cannot dial it. Set true only when the Teleport proxy runs on this same host.
     */
    allowLoopback: z.boolean().default(false),
    /** The aws target: `agent` installs the Teleport agent (needs joinToken); `agentless` configures sshd as above. */
    aws: z
      .strictObject({
        mode: z.enum(['agent', 'agentless']).default('agent'),
        /**
         * agentless: the addresses the Teleport proxy dials the node from (its egress IPs, as CIDRs).
         * The security group lets them reach SSH (22) only. Required in agentless mode; 0.0.0.0/0
         * only with aws.allowWorldIngress.
         */
        proxyCidrs: z.array(cidr).default([]),
      })
      .prefault({}),
    /** Join token of the aws agent mode. */
    joinToken: z.string().min(8).optional(),
    /** Legacy: a teleport binary for an agent on the local target (never used: local machines have no egress). */
    binary: z.string().optional(),
  })
  .describe('Teleport: candidates come in through the interviewer’s cluster (agentless OpenSSH nodes)');

export type TeleportConfig = z.infer<typeof teleportConfigSchema>;
