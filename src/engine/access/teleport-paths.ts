import { join } from 'node:path';
import { envAccessPaths } from './env-access-paths.js';

/** Where an environment's Teleport material lives on the host (under its access dir, removed by `down`). */
export function envTeleportPaths(name: string) {
  const dir = join(envAccessPaths(name).dir, 'teleport');
  return {
    dir,
    /** The node's UUID, chosen once per environment, so a reset keeps the same node. */
    nodeId: join(dir, 'node-id'),
    /** The user CA as installed (TrustedUserCAKeys). */
    userCa: join(dir, 'teleport_openssh_ca.pub'),
    /** `<hostKey>` and `<hostKey>-cert.pub`, as tctl auth sign --out writes them. */
    hostKey: join(dir, 'host_key'),
    hostCert: join(dir, 'host_key-cert.pub'),
    /** The node resource for `tctl create -f`, and what was done with it. */
    nodeResource: join(dir, 'node.yaml'),
    registration: join(dir, 'registration.json'),
  };
}
