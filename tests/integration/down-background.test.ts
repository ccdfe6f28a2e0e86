import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/utils/wait-for.js';
import { faultline, parseJson } from '../support/faultline-cli.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { snapshotResidue, type Residue } from '../support/residue.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason();
if (skipReason) warnSkipped('background down integration test', skipReason);

interface Env {
  name: string;
  id: string;
  subnet: string;
  access: { bindAddress: string; port: number };
}

/** Connect to the candidate's SSH entry point: the open socket once sshd's banner came through it, or the error. */
function openSsh(access: Env['access']): Promise<{ socket: Socket; banner: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: access.bindAddress, port: access.port, timeout: 5_000 });
    socket.once('data', (chunk: Buffer) => resolve({ socket, banner: chunk.toString() }));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ error: 'timeout' });
    });
  });
}

describe.skipIf(skipReason !== undefined)('local target: down returns once the candidate is cut off, the teardown finishes in the background', () => {
  const home = createTestHome();
  let before: Residue;
  let env: Env;

  beforeAll(async () => {
    before = await snapshotResidue(home.home);
    const up = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    env = parseJson<{ state: Env }>(up).state;
  });

  afterAll(async () => {
    await faultline(['down', '--all', '--wait'], home.env);
    home.remove();
  });

  it('closes open SSH connections and refuses new ones before returning; a second down and an up for the same candidate meanwhile both work; nothing is left once it is done', async () => {
    const open = await openSsh(env.access);
    expect('banner' in open && open.banner).toMatch(/^SSH-2\.0-/);
    const socket = 'socket' in open ? open.socket : undefined;
    const closed = new Promise<void>((resolve) => socket?.once('close', () => resolve()));

    const down = await faultline(['down', env.name, '--json'], home.env);
    expect(down.exitCode, down.stderr).toBe(0);
    const [teardown] = parseJson<{ background: { name: string; pid: number; log: string }[] }>(down).background;
    expect(teardown).toMatchObject({ name: env.name, pid: expect.any(Number), log: expect.stringContaining(join(home.home, 'logs')) });
    // Right away, not eventually: the entry point is gone when `down` returns.
    expect(await openSsh(env.access)).toEqual({ error: 'ECONNREFUSED' });
    expect(await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 2_000))])).toBe('closed');

    // down again while the first is still tearing down: no error, no second teardown.
    const again = await faultline(['down', env.name], home.env);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`already: process ${teardown!.pid} is removing it|no environment ${env.name} \\(already down\\?\\)`));

    // The same candidate again while the old environment is destroying: a new one, its own id and subnet.
    const next = await faultline(['up', 'baseline', '--candidate', 'ada', '--json'], home.env);
    expect(next.exitCode, next.stderr).toBe(0);
    const fresh = parseJson<{ state: Env }>(next).state;
    expect(fresh.id).not.toBe(env.id);
    expect(fresh.subnet).not.toBe(env.subnet);
    const reachable = await openSsh(fresh.access);
    if ('socket' in reachable) reachable.socket.destroy();
    expect(reachable).toMatchObject({ banner: expect.stringMatching(/^SSH-2\.0-/) });

    expect(await waitFor(async () => !existsSync(join(home.home, 'envs', env.name)), { timeoutMs: 180_000, intervalMs: 200 })).toBe(true);
    const done = await faultline(['down', fresh.name, '--wait'], home.env);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(await snapshotResidue(home.home)).toEqual(before);
  });

  it('a background teardown killed with -9 is stale; gc finishes it and leaves nothing behind', async () => {
    const up = await faultline(['up', 'baseline', '--candidate', 'bob', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    const victim = parseJson<{ state: Env }>(up).state;
    const down = await faultline(['down', victim.name, '--json'], home.env);
    expect(down.exitCode, down.stderr).toBe(0);
    const [teardown] = parseJson<{ background: { pid: number }[] }>(down).background;
    process.kill(teardown!.pid, 'SIGKILL');
    const ls = parseJson<{ stale: string[] }>(await faultline(['ls', '--json'], home.env));
    expect(ls.stale).toEqual([victim.name]);
    const gc = await faultline(['gc', '--json'], home.env);
    expect(gc.exitCode, gc.stderr).toBe(0);
    expect(parseJson<{ environments: string[] }>(gc).environments).toEqual([victim.name]);
    expect(existsSync(join(home.home, 'envs', victim.name))).toBe(false);
    expect(await snapshotResidue(home.home)).toEqual(before);
  });
});
