import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAsciicast } from '../../src/access/asciicast.js';
import { renderRecorderScript } from '../../src/access/recorder-script.js';
import { describeSessionEvents } from '../../src/access/session-events.js';
import { collectSessions, findSession, listSessions } from '../../src/access/sessions.js';
import { createMountNamespaceExecutor } from './fixtures/mount-namespace-executor.js';

let dir: string;
const machineRoot = (machine: string) => join(dir, 'machines', machine);
const sessionsDirOf = (machine: string) => join(machineRoot(machine), 'var/log/faultline/sessions');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-sessions-'));
  for (const machine of ['edge', 'app']) {
    await mkdir(sessionsDirOf(machine), { recursive: true });
    await chmod(sessionsDirOf(machine), 0o1733);
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Record a real session on "machine" with the recorder writing into its sessions dir. */
async function record(machine: string, command: string, input = ''): Promise<void> {
  const wrapper = join(dir, `wrapper-${machine}`);
  await writeFile(wrapper, renderRecorderScript({ sessionsDir: sessionsDirOf(machine) }), { mode: 0o755 });
  await execa(wrapper, [], { input, reject: false, env: { SSH_ORIGINAL_COMMAND: command, SSH_CONNECTION: '127.0.0.9 1 127.0.0.1 22' } });
}

async function recordWithPty(machine: string, input: string): Promise<void> {
  const wrapper = join(dir, `wrapper-${machine}`);
  await writeFile(wrapper, renderRecorderScript({ sessionsDir: sessionsDirOf(machine) }), { mode: 0o755 });
  await execa('script', ['-q', '-e', '-c', `stty rows 24 cols 80; exec ${wrapper}`, '/dev/null'], { input, reject: false, env: { SSH_CONNECTION: '127.0.0.9 1 127.0.0.1 22' } });
}

describe('collectSessions', () => {
  it('copies recordings from every machine and converts each to a playable .cast', async () => {
    await recordWithPty('edge', 'echo on-the-edge\nexit\n');
    await record('app', 'printf "bin:\\377\\n"; echo from-app');
    const dest = join(dir, 'home/envs/e1/sessions');
    const sessions = await collectSessions(createMountNamespaceExecutor(machineRoot), ['edge', 'app'], dest);

    expect(sessions.map((session) => [session.machine, session.mode])).toEqual(expect.arrayContaining([['edge', 'tty'], ['app', 'command']]));
    const edge = sessions.find((session) => session.machine === 'edge');
    const app = sessions.find((session) => session.machine === 'app');
    expect(edge?.castPath).toBe(join(dest, `${edge?.id}.cast`));
    const edgeCast = parseAsciicast(await readFile(edge?.castPath as string, 'utf8'));
    expect(edgeCast.events.map(([, , data]) => data).join('')).toContain('on-the-edge');
    // Binary output survives the trip through the executor byte for byte.
    const raw = await readFile(join(dest, 'raw', 'app', `${app?.id}.out`));
    expect(raw.includes(Buffer.from([0x3a, 0xff, 0x0a]))).toBe(true);
    expect(app).toMatchObject({ command: 'printf "bin:\\377\\n"; echo from-app', exitStatus: 0, newlyStarted: true, newlyEnded: true });
  });

  it('reports a session as new only the first time it is collected', async () => {
    await record('app', 'true');
    const executor = createMountNamespaceExecutor(machineRoot);
    const dest = join(dir, 'dest');
    const first = await collectSessions(executor, ['edge', 'app'], dest);
    const second = await collectSessions(executor, ['edge', 'app'], dest);
    expect(first.map((session) => session.newlyStarted)).toEqual([true]);
    expect(second.map((session) => [session.newlyStarted, session.newlyEnded])).toEqual([[false, false]]);
    expect(describeSessionEvents(first).map((event) => event.type)).toEqual(['session.start', 'session.end']);
    expect(describeSessionEvents(second)).toEqual([]);
  });

  it('finds nothing, without error, on a machine that has no recordings directory', async () => {
    await rm(sessionsDirOf('edge'), { recursive: true });
    expect(await collectSessions(createMountNamespaceExecutor(machineRoot), ['edge'], join(dir, 'dest'))).toEqual([]);
  });

  it('lists collected sessions after the machines are gone', async () => {
    await record('app', 'echo one');
    await record('edge', 'echo two');
    const dest = join(dir, 'dest');
    const collected = await collectSessions(createMountNamespaceExecutor(machineRoot), ['edge', 'app'], dest);
    await rm(join(dir, 'machines'), { recursive: true });
    const listed = await listSessions(dest);
    expect(listed.map((session) => session.id)).toEqual(collected.map((session) => session.id));
  });
});

describe('findSession', () => {
  const sessions = [
    { id: '20260101T000000Z-app-candidate-10', machine: 'app', user: 'candidate', clientIp: null, mode: 'tty', command: null, started: 'a', ended: null, exitStatus: null, castPath: null },
    { id: '20260101T000100Z-edge-candidate-11', machine: 'edge', user: 'candidate', clientIp: null, mode: 'tty', command: null, started: 'b', ended: null, exitStatus: null, castPath: null },
  ] as const;

  it('picks the latest session when none is named, else by a unique part of its id', () => {
    expect(findSession(sessions).machine).toBe('edge');
    expect(findSession(sessions, 'app-').machine).toBe('app');
  });

  it('says which sessions match when the query is ambiguous', () => {
    expect(() => findSession(sessions, 'candidate')).toThrow(/2 sessions match/);
  });
});
