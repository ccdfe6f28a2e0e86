import { access } from 'node:fs/promises';
import { ACCESS_PATHS } from '../../access/access-paths.js';
import { followSessions, type LiveEvent } from '../../access/live-tail.js';
import type { Probes } from '../../core/probe.js';
import { eventsOfType, readTimeline } from '../../core/timeline.js';
import { FaultlineError } from '../../errors/index.js';
import type { EnvState } from '../../schema/state.js';
import { formatDuration } from '../../utils/duration.js';
import { sleepUnlessAborted } from '../../utils/sleep.js';
import { machinesRunning } from '../access/collect-env-sessions.js';
import { sortByTime } from '../attempt.js';
import { createProbes } from '../probes.js';
import { targetFor } from '../../targets/index.js';
import { loadConfig } from '../load-config.js';

/** The facts of the one-line status. */
export interface WatchStatus {
  readonly env: string;
  readonly readyAt: string | null;
  /** Null until the first successful read from Prometheus. */
  readonly firing: readonly string[] | null;
  readonly lastCheck: { readonly passed: boolean; readonly ts: string } | null;
  readonly openSessions: number;
}

/** `ada-disk-… │ ready 12m03s ago │ firing: OrdersHighErrorRate │ last check: FAILED 2m ago │ 1 open session`. Pure. */
export function formatStatusLine(status: WatchStatus, now: Date): string {
  const since = (ts: string): string => formatDuration(Math.max(0, now.getTime() - Date.parse(ts)));
  const parts = [
    status.env,
    status.readyAt === null ? 'not ready' : `ready ${since(status.readyAt)} ago`,
    status.firing === null ? 'alerts: ?' : status.firing.length === 0 ? 'no alert firing' : `firing: ${status.firing.join(', ')}`,
    status.lastCheck === null ? 'no check yet' : `last check: ${status.lastCheck.passed ? 'passed' : 'FAILED'} ${since(status.lastCheck.ts)} ago`,
    `${status.openSessions} open session${status.openSessions === 1 ? '' : 's'}`,
  ];
  return parts.join(' │ ');
}

/** Where watch writes: the terminal (with a status line kept on the last row) or a pipe (status as lines). */
export interface WatchSink {
  write(chunk: string | Buffer): void;
  /** Rows of the terminal, when it is one. */
  readonly rows?: number | undefined;
}

export interface WatchOptions {
  /** Only these machines (roles); default every machine. */
  readonly machines?: readonly string[];
  /** Replay what open sessions printed before watch started (default true). */
  readonly backlog?: boolean;
  readonly signal: AbortSignal;
  /** Refresh of alerts from Prometheus (default 5 s). */
  readonly statusIntervalMs?: number;
}

/**
 * Follow every candidate terminal of a running environment whose access this
 * host serves (`Target.hostAccess`) live, from
 * the recordings as the recorder flushes them, with a one-line status
 * (alerts firing, the last check, time since ready). Read-only by
 * construction: the recordings are read through each machine's root as seen
 * from the host (`/proc/<init>/root`), with read-only descriptors; nothing
 * is written into a machine and watch never reads its own stdin into
 * anything. Any number of panelists can watch at once. Resolves when
 * `signal` aborts or the environment stops.
 */
export async function watchEnvironment(state: EnvState, sink: WatchSink, options: WatchOptions): Promise<void> {
  const target = targetFor(state.target, await loadConfig());
  if (!target.hostAccess) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `watch follows recordings of local environments; ${state.name} runs on ${state.target}.`, {
      hint: target.sessionsHint ?? 'Use `faultline sessions` and `faultline play` after the fact.',
    });
  }
  if (!machinesRunning(state, target)) {
    throw new FaultlineError('USAGE', `${state.name} is not running (phase ${state.phase}); there is nothing to watch.`, {
      hint: `After the interview, replay the recordings: faultline play ${state.name}`,
    });
  }
  const wanted = options.machines && options.machines.length > 0 ? options.machines : state.machines.map((machine) => machine.role);
  const unknown = wanted.filter((role) => !state.machines.some((machine) => machine.role === role));
  if (unknown.length > 0) {
    throw new FaultlineError('USAGE', `No machine ${unknown.join(', ')} in ${state.name}.`, { hint: `Machines: ${state.machines.map((machine) => machine.role).join(', ')}.` });
  }
  const roots = target.hostAccess
    .machineRoots(state)
    .filter((machine) => wanted.includes(machine.role))
    .map((machine) => ({ ...machine, dir: `${machine.root}${ACCESS_PATHS.sessionsDir}` }));
  for (const root of roots) {
    await access(root.dir).catch((cause: unknown) => {
      throw new FaultlineError('COMMAND_FAILED', `Cannot read the recordings of ${root.role} (${root.dir}).`, { cause, hint: 'watch runs as root on the host of the environment.' });
    });
  }

  const stop = new AbortController();
  const abort = (): void => stop.abort();
  options.signal.addEventListener('abort', abort, { once: true });
  const probes = createProbes(target.executor(state));
  const screen = new Screen(sink, state);
  const open = new Set<string>();
  let current: string | undefined;
  const onEvent = (event: LiveEvent): void => {
    if (event.kind === 'start') {
      open.add(event.meta.id);
      screen.announce(`${event.machine}: ${event.meta.user} opened ${event.meta.command ?? 'an interactive shell'} (${event.meta.mode}, ${event.meta.started.slice(11, 19)} UTC)`);
      current = undefined;
    } else if (event.kind === 'output') {
      if (current !== event.session) {
        if (current !== undefined || open.size > 1) screen.announce(`${event.machine} · ${event.session}`);
        current = event.session;
      }
      screen.output(event.data);
    } else {
      open.delete(event.meta.id);
      screen.announce(`${event.machine}: ${event.meta.user} left (exit ${event.meta.exitStatus ?? '?'})`);
      current = undefined;
    }
    screen.setOpen(open.size);
  };
  const followers = roots.map((root) => followSessions(root.dir, root.role, onEvent, { backlog: options.backlog ?? true, signal: stop.signal }));
  const status = runStatus(state, probes, screen, options.statusIntervalMs ?? 5000, stop.signal, () => {
    // The environment went away (down, reset): stop watching.
    if (!roots.every((root) => root.alive())) stop.abort();
  });
  try {
    await Promise.all([...followers, status]);
  } finally {
    options.signal.removeEventListener('abort', abort);
    screen.close();
  }
}

async function runStatus(state: EnvState, probes: Probes, screen: Screen, intervalMs: number, signal: AbortSignal, tick: () => void): Promise<void> {
  let lastProbe = 0;
  while (!signal.aborted) {
    tick();
    const events = sortByTime(await readTimeline(state.name).catch(() => []));
    const ready = eventsOfType(events, 'ready').at(-1)?.ts ?? state.readyAt ?? null;
    const check = eventsOfType(events, 'check').at(-1);
    screen.update({ readyAt: ready, lastCheck: check ? { passed: check.data.passed, ts: check.ts } : null });
    if (Date.now() - lastProbe >= intervalMs) {
      lastProbe = Date.now();
      const firing = await probes.alerts().then(
        (alerts) => [...new Set(alerts.filter((alert) => alert.state === 'firing').map((alert) => alert.name))].sort(),
        () => null,
      );
      if (firing !== null) screen.update({ firing });
    }
    await sleepUnlessAborted(1000, signal);
  }
}

/**
 * The watcher's terminal. On a TTY the last row is kept for the status line
 * (a scroll region above it, redrawn every second); on a pipe the status is
 * printed as its own `[status] …` line whenever it changes.
 */
class Screen {
  private status: WatchStatus;
  private lastPrinted = '';
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: WatchSink,
    state: EnvState,
  ) {
    this.status = { env: state.name, readyAt: state.readyAt ?? null, firing: null, lastCheck: null, openSessions: 0 };
    if (this.tty) {
      this.sink.write(`\x1b[1;${this.rows - 1}r\x1b[${this.rows - 1};1H`);
      this.timer = setInterval(() => this.drawStatus(), 1000);
    }
    this.announce(`watching ${state.name} (read-only${this.tty ? '; q or Ctrl-C to stop' : ''})`);
  }

  private get tty(): boolean {
    return this.sink.rows !== undefined && this.sink.rows > 2;
  }

  private get rows(): number {
    return this.sink.rows ?? 24;
  }

  update(change: Partial<WatchStatus>): void {
    this.status = { ...this.status, ...change };
    if (this.tty) this.drawStatus();
    else {
      // Only what changed is news on a pipe: the clocks in the line tick every second.
      const key = JSON.stringify([this.status.firing, this.status.lastCheck, this.status.openSessions, this.status.readyAt]);
      if (key !== this.lastPrinted) {
        this.lastPrinted = key;
        this.sink.write(`\r\n[status] ${formatStatusLine(this.status, new Date())}\r\n`);
      }
    }
  }

  setOpen(count: number): void {
    if (count !== this.status.openSessions) this.update({ openSessions: count });
  }

  announce(text: string): void {
    this.sink.write(`\r\n\x1b[1;36m── ${text} ──\x1b[0m\r\n`);
  }

  output(data: Buffer): void {
    this.sink.write(data);
  }

  private drawStatus(): void {
    const line = formatStatusLine(this.status, new Date());
    // Save the cursor, re-assert the scroll region (a candidate's `reset` clears it), draw the last row, restore.
    this.sink.write(`\x1b7\x1b[1;${this.rows - 1}r\x1b[${this.rows};1H\x1b[2K\x1b[7m ${line.slice(0, 400)} \x1b[0m\x1b8`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) this.sink.write(`\x1b7\x1b[r\x1b[${this.rows};1H\x1b[2K\x1b8\r\n`);
    this.announce('stopped watching');
  }
}
