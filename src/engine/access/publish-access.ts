import { connect } from 'node:net';
import { join } from 'node:path';
import { homePaths } from '../../core/paths.js';
import { findFreePort, publishPort } from '../../access/port-publish.js';
import { hostAllocLock } from '../../core/host-registry.js';
import type { Progress } from '../../core/target.js';
import { appendEvent } from '../../core/timeline.js';
import { FaultlineError } from '../../errors/index.js';
import type { EnvState } from '../../schema/state.js';
import { PORTS, ROLES } from '../../stack/topology.js';
import { withLock } from '../../utils/lock.js';
import { waitFor } from '../../utils/wait-for.js';
import type { EnvHandles } from '../env-context.js';
import { journalReport } from '../journal-report.js';
import { loadConfig } from '../load-config.js';

/**
 * afterBaseline hook of targets whose access this host serves (`Target.hostAccess`): check that sshd runs on every
 * machine, then publish the bastion's SSH port on the host. The port is
 * chosen and published under the allocation lock, so concurrent `up`s never
 * pick the same one; an environment that had a port (a reset) gets it back
 * when it is still free, so the bundle handed out earlier keeps working.
 * Refuses (PROVISION_FAILED) when sshd is down or the port does not answer
 * with an SSH banner.
 */
export async function publishCandidateAccess(state: EnvState, handles: EnvHandles, progress: Progress): Promise<EnvState> {
  if (!handles.target.hostAccess) return state;
  await assertSshdRunning(state, handles);
  const config = await loadConfig();
  const edge = state.machines.find((machine) => machine.role === 'edge');
  if (!edge) throw new FaultlineError('PROVISION_FAILED', `Environment ${state.name} has no edge machine to publish SSH for.`);
  const { bindAddress, sshPortRange } = config.local;
  const published = await withLock(hostAllocLock(), async () => {
    const previous = state.access?.port;
    const inRange = previous !== undefined && previous >= sshPortRange[0] && previous <= sshPortRange[1];
    const port = (inRange ? await findFreePort([previous, previous], bindAddress).catch(() => undefined) : undefined) ?? (await findFreePort(sshPortRange, bindAddress));
    return publishPort({ envId: state.id, bindAddress, hostPort: port, targetIp: edge.address, targetPort: PORTS.ssh, logPath: join(homePaths.env(state.name), 'ssh-forwarder.log') });
  });
  const probeHost = bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress;
  // Generous: with many environments starting at once, sshd on a busy host can take a while to greet.
  const banner = await waitFor(() => readBanner(probeHost, published.hostPort), { timeoutMs: 60_000, intervalMs: 250 });
  if (!banner) {
    throw new FaultlineError('PROVISION_FAILED', `SSH published on ${probeHost}:${published.hostPort} does not answer with an SSH banner.`, {
      hint: `Check the forwarder (${join(homePaths.env(state.name), 'ssh-forwarder.log')}) and sshd on edge (journalctl -u ssh).`,
    });
  }
  appendEvent(state.name, { type: 'access.published', message: `candidate SSH on ${bindAddress}:${published.hostPort} → edge:${PORTS.ssh}`, data: { bindAddress, port: published.hostPort } });
  progress(`candidate ssh: ${bindAddress}:${published.hostPort} → edge:${PORTS.ssh} (${banner})`);
  return { ...state, access: { bindAddress, port: published.hostPort } };
}

/** Every machine must run sshd with its seeded host key: a machine without it would be degraded and unreachable. */
async function assertSshdRunning(state: EnvState, handles: EnvHandles): Promise<void> {
  const active = await Promise.all(
    ROLES.map((role) =>
      waitFor(async () => (await handles.exec.exec(role, ['systemctl', 'is-active', 'ssh.service'], { timeoutMs: 5000 })).stdout.trim() === 'active', {
        timeoutMs: 60_000,
        intervalMs: 250,
      }),
    ),
  );
  const down = ROLES.filter((_, index) => !active[index]);
  if (down.length === 0) return;
  const details: string[] = [];
  for (const role of down) details.push(...(await journalReport(state, handles, role, 'ssh.service')));
  throw new FaultlineError('PROVISION_FAILED', `sshd is not running on ${down.join(', ')}.`, {
    details,
    hint: 'The candidate could not get in; the journal lines above show why.',
  });
}

/** The first line an SSH server sends (`SSH-2.0-OpenSSH_9.2p1 …`), or undefined. */
function readBanner(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let text = '';
    const finish = (value: string | undefined): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(3000, () => finish(undefined));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const line = text.split('\r\n')[0] ?? '';
      if (text.includes('\n')) finish(line.startsWith('SSH-') ? line.trim() : undefined);
    });
    socket.on('error', () => finish(undefined));
    socket.on('end', () => finish(undefined));
  });
}
