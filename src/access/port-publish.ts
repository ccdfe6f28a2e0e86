import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { FaultlineError } from '../errors/index.js';
import { sleep } from '../utils/sleep.js';
import { findExecutable, requireExecutable } from './host-tool.js';

/**
 * Publish a machine's port on the host with a userspace forwarder:
 * `systemd-socket-activate -l <bind>:<port> systemd-socket-proxyd <target>`
 * (both in Debian's `systemd` package, which systemd-nspawn depends on),
 * started detached. It listens on the host and opens an ordinary host
 * connection to the machine for each client, so the machine sees the
 * bridge's host address and its replies are replies to a host connection.
 *
 * No NAT, no FORWARD rule, no `route_localnet` (which DNAT of a 127.0.0.1
 * bind would need, and which lets machines reach host services bound to
 * 127.0.0.1) and no `ip_forward`: the host firewall is the isolation
 * firewall alone (src/targets/local/firewall.ts), and publishing or
 * withdrawing access can never change it.
 *
 * The forwarder carries its environment in its process environment
 * (FAULTLINE_PUBLISH=<envId>, plus what it listens on and forwards to), so
 * `unpublishPort` and `gc` find it from /proc alone, even after a crash.
 */
export interface PublishPortInput {
  readonly envId: string;
  /** Host address to listen on: 127.0.0.1 (default in config), another local address, or 0.0.0.0. */
  readonly bindAddress: string;
  readonly hostPort: number;
  /** The machine's address on the environment bridge. */
  readonly targetIp: string;
  readonly targetPort: number;
  /** Where the forwarder's stderr goes (appended); /dev/null when left out. */
  readonly logPath?: string;
}

/** A published port, as recovered from the running forwarder (what `status` and `gc` show). */
export interface PublishedPort {
  readonly envId: string;
  readonly bindAddress: string;
  readonly hostPort: number;
  readonly targetIp: string;
  readonly targetPort: number;
  /** The forwarder's process id. */
  readonly pid: number;
}

const ENV_KEY = 'FAULTLINE_PUBLISH';
const LISTEN_KEY = 'FAULTLINE_PUBLISH_LISTEN';
const TARGET_KEY = 'FAULTLINE_PUBLISH_TARGET';
export const SOCKET_ACTIVATE = 'systemd-socket-activate';
export const SOCKET_PROXYD = '/lib/systemd/systemd-socket-proxyd';

/**
 * Publish `bindAddress:hostPort` → `targetIp:targetPort`. An environment
 * publishes one port (the bastion's SSH): publishing again replaces its
 * forwarder, so re-running is safe. Refuses a host port another environment
 * has published; fails (and leaves nothing running) when the port cannot be
 * bound.
 */
export async function publishPort(input: PublishPortInput): Promise<PublishedPort> {
  validatePublishInput(input);
  const { envId, bindAddress, hostPort, targetIp, targetPort } = input;
  const clash = (await listPublishedPorts()).find(
    (port) => port.hostPort === hostPort && port.envId !== envId && (port.bindAddress === bindAddress || port.bindAddress === '0.0.0.0' || bindAddress === '0.0.0.0'),
  );
  if (clash) {
    throw new FaultlineError('NO_ADDRESS_SPACE', `Host port ${bindAddress}:${hostPort} is already published for environment ${clash.envId}.`, {
      hint: 'Pick another port, or run `faultline down` / `faultline gc` for that environment.',
    });
  }
  await unpublishPort(envId);
  const activate = await requireExecutable(SOCKET_ACTIVATE, 'systemd');
  const proxyd = await requireExecutable(SOCKET_PROXYD, 'systemd');
  const listen = `${bindAddress}:${hostPort}`;
  const target = `${targetIp}:${targetPort}`;
  const log = input.logPath ? openSync(input.logPath, 'a', 0o600) : 'ignore';
  const tags = { [ENV_KEY]: envId, [LISTEN_KEY]: listen, [TARGET_KEY]: target };
  // Set for socket-activate itself and, with -E, for the proxyd it execs on the first connection (it passes no other variables on).
  const child = spawn(activate, ['-l', listen, ...Object.entries(tags).flatMap(([key, value]) => ['-E', `${key}=${value}`]), proxyd, target], {
    detached: true,
    stdio: ['ignore', 'ignore', log],
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...tags },
  });
  if (typeof log === 'number') closeSync(log);
  let exited: number | string | undefined;
  child.once('exit', (code, signal) => (exited = code ?? signal ?? 'unknown'));
  child.once('error', (error) => (exited = error.message));
  child.unref();
  const pid = child.pid;
  // Ready once the kernel lists its listening socket (bounded: 5 s; it usually takes a few tens of ms).
  let listening = false;
  const deadline = Date.now() + 5000;
  while (exited === undefined && pid !== undefined && !listening && Date.now() < deadline) {
    listening = await listensOn(pid, hostPort);
    if (!listening) await sleep(20);
  }
  if (exited !== undefined || pid === undefined || !listening) {
    if (pid !== undefined && exited === undefined) await stopProcess(pid);
    throw new FaultlineError('COMMAND_FAILED', `Could not publish ${listen} → ${target}: the forwarder ${exited === undefined ? 'did not start listening' : `exited (${exited})`}.`, {
      ...(input.logPath ? { details: [`forwarder log: ${input.logPath}`] } : {}),
      hint: 'Is something else listening on that port? Pick another one (local.sshPortRange) or free it.',
    });
  }
  return { envId, bindAddress, hostPort, targetIp, targetPort, pid };
}

/**
 * Stop every forwarder of this environment. Idempotent: nothing to stop is
 * success. Returns how many were stopped.
 */
export async function unpublishPort(envId: string): Promise<number> {
  validateEnvId(envId);
  const ports = (await listPublishedPorts()).filter((port) => port.envId === envId);
  for (const port of ports) await stopProcess(port.pid);
  const left = (await listPublishedPorts()).filter((port) => port.envId === envId);
  if (left.length > 0) {
    throw new FaultlineError('COMMAND_FAILED', `${left.length} forwarder(s) of environment ${envId} could not be stopped.`, {
      details: left.map((port) => `pid ${port.pid}: ${port.bindAddress}:${port.hostPort}`),
      hint: 'Kill them by hand (kill -9 <pid>), then run the command again.',
    });
  }
  return ports.length;
}

/** Every running faultline forwarder on this host, from /proc (their environment says what they forward). */
export async function listPublishedPorts(): Promise<PublishedPort[]> {
  const ports: PublishedPort[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const port = parseForwarderEnviron(Number(entry), await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => ''));
    if (port) ports.push(port);
  }
  return ports;
}

/** A forwarder's PublishedPort from its NUL-separated /proc/<pid>/environ, or undefined for any other process. */
export function parseForwarderEnviron(pid: number, environ: string): PublishedPort | undefined {
  const vars = new Map<string, string>();
  for (const item of environ.split('\0')) {
    const eq = item.indexOf('=');
    if (eq > 0) vars.set(item.slice(0, eq), item.slice(eq + 1));
  }
  const envId = vars.get(ENV_KEY);
  const listen = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(vars.get(LISTEN_KEY) ?? '');
  const target = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(vars.get(TARGET_KEY) ?? '');
  if (!envId || !listen || !target) return undefined;
  return { envId, bindAddress: listen[1] as string, hostPort: Number(listen[2]), targetIp: target[1] as string, targetPort: Number(target[2]), pid };
}

/**
 * The first port in `[low, high]` that no faultline forwarder publishes and
 * that can be bound on `bindAddress` right now. Throws NO_ADDRESS_SPACE when
 * the range is exhausted. Callers that allocate concurrently should hold the
 * allocation lock until publishPort has run.
 */
export async function findFreePort(range: readonly [number, number], bindAddress: string): Promise<number> {
  const [low, high] = range;
  if (!(Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high <= 65535 && low <= high)) {
    throw new FaultlineError('INVALID_CONFIG', `Port range ${JSON.stringify(range)} is not [low, high] within 1–65535.`);
  }
  const published = new Set([...(await listPublishedPorts()).map((port) => port.hostPort), ...(await legacyNatPorts())]);
  for (let port = low; port <= high; port += 1) {
    if (!published.has(port) && (await canListen(bindAddress, port))) return port;
  }
  throw new FaultlineError('NO_ADDRESS_SPACE', `No free port in ${low}–${high} on ${bindAddress}.`, {
    hint: 'Widen local.sshPortRange in the faultline config, or remove old environments (`faultline gc`).',
  });
}

/**
 * Host ports that environments made by older faultline versions still
 * publish with NAT (a DNAT rule in nat OUTPUT tagged `faultline:<id>`): such
 * a rule takes connections to the port before any listener sees them, so the
 * port is not free even though it can be bound. Until those environments are
 * gone (down/gc).
 */
async function legacyNatPorts(): Promise<number[]> {
  const save = await findExecutable('iptables-save');
  if (!save) return [];
  const { execa } = await import('execa'); // lazily: withdrawing access (a background `down`) must start fast
  const result = await execa(save, ['-t', 'nat'], { reject: false });
  return String(result.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('-A OUTPUT ') && line.includes('faultline:') && line.includes('-j DNAT'))
    .map((line) => Number(/--dport (\d+)/.exec(line)?.[1]))
    .filter((port) => Number.isInteger(port) && port > 0);
}

/** SIGTERM, then SIGKILL after 2 s; resolves once the process is gone (or only a zombie is left). */
async function stopProcess(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  // Polled every 20 ms: `down` waits for this before it returns (the forwarder exits within a few ms of SIGTERM).
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (!(await running(pid))) return;
    if (attempt === 100) signal('SIGKILL');
    await sleep(20);
  }
}

async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Field 3 is the state; Z (zombie) and X (dead) hold no socket any more.
  const state = /\) (\S)/.exec(stat)?.[1];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** True when process `pid` holds a TCP socket listening on `port` (from /proc/<pid>/fd and /proc/net/tcp). */
export async function listensOn(pid: number, port: number): Promise<boolean> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  if (inodes.size === 0) return false;
  const table = await readFile('/proc/net/tcp', 'utf8').catch(() => '');
  return table.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    const local = fields[1] ?? '';
    return fields[3] === '0A' && parseInt(local.split(':')[1] ?? '', 16) === port && inodes.has(fields[9] ?? '');
  });
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function validateEnvId(envId: string): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(envId)) {
    throw new FaultlineError('INVALID_PARAMS', `Environment id ${JSON.stringify(envId)} must be letters, digits and _.- only.`);
  }
}

function validatePublishInput(input: PublishPortInput): void {
  validateEnvId(input.envId);
  const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  for (const [what, value] of [['bindAddress', input.bindAddress], ['targetIp', input.targetIp]] as const) {
    if (!ipv4.test(value)) throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} is not an IPv4 address.`);
  }
  for (const [what, value] of [['hostPort', input.hostPort], ['targetPort', input.targetPort]] as const) {
    if (!(Number.isInteger(value) && value >= 1 && value <= 65535)) throw new FaultlineError('INVALID_PARAMS', `${what} ${JSON.stringify(value)} is not a port number.`);
  }
}
