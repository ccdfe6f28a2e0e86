import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, faultline, parseJson } from '../support/faultline-cli.js';
import { chromiumUnavailableReason, keepScreenshot, openOffline } from '../support/browser.js';
import { nspawnUnavailableReason, warnSkipped } from '../support/host-capabilities.js';
import { createTestHome } from '../support/test-home.js';

const skipReason = nspawnUnavailableReason() ?? chromiumUnavailableReason();
if (skipReason) warnSkipped('interviewer seat integration tests', skipReason);

interface Env {
  readonly name: string;
  readonly machines: { role: string; leaderPid: number }[];
}

/** A running process whose output is collected with the time each chunk arrived. */
interface Live {
  readonly proc: ResultPromise;
  text(): string;
  /** Resolves with the arrival time (ms) of the first chunk after which the output contains `needle`. */
  waitFor(needle: string | RegExp, timeoutMs?: number): Promise<number>;
}

function live(proc: ResultPromise): Live {
  let text = '';
  const waiters: { needle: string | RegExp; resolve: (at: number) => void }[] = [];
  const matches = (needle: string | RegExp): boolean => (typeof needle === 'string' ? text.includes(needle) : needle.test(text));
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    const at = Date.now();
    for (const waiter of [...waiters]) {
      if (matches(waiter.needle)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(at);
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  return {
    proc,
    text: () => text,
    waitFor(needle, timeoutMs = 30_000) {
      if (matches(needle)) return Promise.resolve(Date.now());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(needle)}; output so far:\n${text.slice(-3000)}`)), timeoutMs);
        waiters.push({ needle, resolve: (at) => (clearTimeout(timer), resolve(at)) });
      });
    },
  };
}

describe.skipIf(skipReason !== undefined)('the interviewer’s seat against one real environment', () => {
  const home = createTestHome();
  const scratch = mkdtempSync(join(tmpdir(), 'fl-seat-it-'));
  let env: Env;
  let sshConfig: string;
  let candidate: Live | undefined;
  const watchers: Live[] = [];

  beforeAll(async () => {
    const up = await faultline(['up', 'disk-pressure', '--candidate', 'ada', '--json'], home.env);
    expect(up.exitCode, up.stderr).toBe(0);
    env = parseJson<{ state: Env }>(up).state;
    const access = await faultline(['access', env.name, '--out', join(scratch, 'bundle'), '--json'], home.env);
    expect(access.exitCode, access.stderr).toBe(0);
    sshConfig = parseJson<{ files: { sshConfig: string } }>(access).files.sshConfig;
  });

  afterAll(async () => {
    candidate?.proc.kill();
    for (const watcher of watchers) watcher.proc.kill();
    await faultline(['down', '--all', '--wait'], home.env);
    rmSync(scratch, { recursive: true, force: true });
    home.remove();
  });

  it('the briefing points the candidate at a write-up template in their home on edge', async () => {
    const briefing = await readFile(join(scratch, 'bundle', 'BRIEFING.md'), 'utf8');
    expect(briefing).toContain('## Your write-up');
    expect(briefing).toContain('`~/WRITEUP.md` on `edge`');
    const result = await execa('ssh', ['-o', 'BatchMode=yes', '-F', sshConfig, 'edge', 'stat -c %U ~/WRITEUP.md; cat ~/WRITEUP.md'], { reject: false, timeout: 60_000 });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toMatch(/^candidate\n# Write-up: New orders fail/);
    expect(result.stdout).toContain('### What was wrong');
    expect(result.stdout).toContain('### What to do in future');
  });

  it('two watchers see what the candidate types within 2 s; the one in a terminal keeps a status line with the firing alert', async () => {
    // Watcher 1 in a real pty (util-linux script), 40 rows; watcher 2 on a pipe, edge and app only.
    watchers.push(live(execa('script', ['-qfec', `stty rows 40 cols 140; exec node ${BIN} watch ${env.name}`, '/dev/null'], { env: home.env, reject: false, stdin: 'pipe' })));
    watchers.push(live(execa('node', [BIN, 'watch', env.name, '--machine', 'app', '--machine', 'edge'], { env: home.env, reject: false, stdin: 'pipe' })));
    for (const watcher of watchers) await watcher.waitFor(`watching ${env.name} (read-only`);
    // Both report the alert the fault raised (the pty one in its reserved last row).
    await watchers[0]!.waitFor(/\x1b\[40;1H\x1b\[2K\x1b\[7m [^\n]*firing: [^\n]*OrdersDataVolumeAlmostFull/);
    await watchers[1]!.waitFor(/\[status\] [^\n]*firing: [^\n]*OrdersDataVolumeAlmostFull/);

    // The candidate: a real OpenSSH client with a pty on app, typing as we go.
    candidate = live(execa('ssh', ['-o', 'BatchMode=yes', '-tt', '-F', sshConfig, 'app'], { reject: false, stdin: 'pipe' }));
    await candidate.waitFor('candidate@app');
    for (const watcher of watchers) await watcher.waitFor('app: candidate opened an interactive shell');
    const typedAt = Date.now();
    candidate.proc.stdin?.write('echo seat-$((6*7))-live\n');
    for (const watcher of watchers) {
      const seenAt = await watcher.waitFor('seat-42-live', 10_000);
      expect(seenAt - typedAt).toBeLessThan(2000);
    }
  });

  it('a watcher cannot write to the session: what is typed into it reaches neither the candidate’s shell nor the machine', async () => {
    const marker = '/tmp/watcher-typed-into-session';
    for (const watcher of watchers) watcher.proc.stdin?.write(`touch ${marker}; echo watcher-$((1+1))-typed\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    candidate!.proc.stdin?.write(`ls ${marker} 2>&1 | sed s/^/probe:/; echo probe-$((2+3))-done\n`);
    for (const watcher of [candidate!, ...watchers]) await watcher.waitFor('probe-5-done', 10_000);
    expect(candidate!.text()).toContain('probe:ls: cannot access');
    for (const process of [candidate!, ...watchers]) expect(process.text()).not.toContain('watcher-2-typed');
    const onApp = await execa('nsenter', ['-t', String(env.machines.find((m) => m.role === 'app')!.leaderPid), '-a', 'test', '-e', marker], { reject: false });
    expect(onApp.exitCode).toBe(1);
    // Still watching, still read-only; `q` in the terminal watcher stops it.
    watchers[0]!.proc.stdin?.write('q');
    const stopped = await watchers[0]!.proc;
    expect(stopped.exitCode).toBe(0);
    expect(watchers[0]!.text()).toContain('stopped watching');
  });

  it('notes, the panel and votes: hidden from the other panelist until the whole panel has voted', async () => {
    candidate!.proc.stdin?.write('exit\n');
    await candidate!.proc;
    for (const args of [
      ['note', env.name, 'checks df vs du before touching anything', '--by', 'ada'],
      ['panel', env.name, 'ada', 'grace'],
      ['vote', env.name, '--panelist', 'ada', '+1', '--comment', 'methodical'],
    ]) {
      const result = await faultline(args, home.env);
      expect(result.exitCode, `${args.join(' ')}\n${result.stderr}`).toBe(0);
    }
    const stranger = await faultline(['vote', env.name, '--panelist', 'mallory', '-2'], home.env);
    expect(stranger.exitCode).toBe(2);
    expect(stranger.stderr).toContain('mallory is not on the panel');
    const bad = await faultline(['vote', env.name, '--panelist', 'grace', '+2'], home.env);
    expect(bad.exitCode).toBe(2);

    type VotesJson = { report: { seat: { votes: { revealed: boolean; visible: { panelist: string; vote: string }[]; waitingFor: string[] } } } };
    const asGrace = parseJson<VotesJson>(await faultline(['report', env.name, '--panelist', 'grace', '--json'], home.env)).report.seat.votes;
    expect(asGrace).toMatchObject({ revealed: false, visible: [], waitingFor: ['grace'] });
    const asAda = parseJson<VotesJson>(await faultline(['report', env.name, '--panelist', 'ada', '--json'], home.env)).report.seat.votes;
    expect(asAda.visible).toEqual([expect.objectContaining({ panelist: 'ada', vote: '+1' })]);
    const text = await faultline(['report', env.name, '--panelist', 'grace'], home.env);
    expect(text.stdout).toContain('hidden until grace votes');
    expect(text.stdout).not.toContain('methodical');
    expect(text.stdout).toMatch(/note \(ada\): checks df vs du before touching anything/);
  });

  it('down keeps the record: the HTML report renders after teardown with metrics, the session, the write-up and the votes revealed once grace votes', async () => {
    const writeup = '# Write-up\n\n## Problem 1\n\n### What was wrong\n\nA deleted trace log held open by orders@N filled the volume.\n';
    const wrote = await execa('ssh', ['-o', 'BatchMode=yes', '-F', sshConfig, 'edge', 'cat > ~/WRITEUP.md'], { input: writeup, reject: false, timeout: 60_000 });
    expect(wrote.exitCode, String(wrote.stderr)).toBe(0);
    const down = await faultline(['down', env.name, '--wait'], home.env);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stderr).toContain('report metrics saved');
    expect(existsSync(join(home.home, 'envs', env.name))).toBe(false);

    // Vote after teardown, onto the archived record: the panel is complete.
    const grace = await faultline(['vote', env.name, '--panelist', 'grace', '-2', '--comment', 'missed the drop-in'], home.env);
    expect(grace.exitCode, grace.stderr).toBe(0);
    const html = join(scratch, 'report.html');
    const report = await faultline(['report', env.name, '--html', html, '--json'], home.env);
    expect(report.exitCode, report.stderr).toBe(0);
    const model = parseJson<{ report: { env: { phase: string }; sessions: unknown[]; seat: { writeup: { text: string; untouched: boolean }; metrics: { series: { id: string; points: unknown[] }[]; alerts: { name: string }[] } } } }>(report).report;
    expect(model.env.phase).toBe('down');
    expect(model.seat.writeup).toEqual({ text: writeup, untouched: false });
    for (const series of model.seat.metrics.series) expect(series.points.length, series.id).toBeGreaterThan(3);
    expect(model.seat.metrics.alerts.map((band) => band.name)).toContain('OrdersDataVolumeAlmostFull');

    const view = await openOffline(html);
    try {
      const page = view.page;
      const dots = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => svg.querySelectorAll('circle.pt').length));
      expect(dots).toHaveLength(4);
      for (const count of dots) expect(count).toBeGreaterThan(3);
      expect(await page.locator('svg.chart rect.alert-band').count()).toBeGreaterThan(0);
      expect(await page.locator('#votes-state').getAttribute('data-state')).toBe('revealed');
      expect(await page.locator('table.votes').innerText()).toMatch(/ada\s+\+1\s+methodical[\s\S]*grace\s+-2\s+missed the drop-in/);
      expect(await page.locator('#writeup').innerText()).toContain('held open by orders@N');
      // The recorded session plays inline: the player's clock advances and the typed command's output appears.
      const id = await page.locator('.session', { hasText: 'app' }).last().locator('.cast-player').getAttribute('data-session');
      expect(id).toBeTruthy();
      const player = page.locator(`.cast-player[data-session="${id}"]`);
      await expect.poll(() => player.locator('.ap-player').count(), { timeout: 10_000 }).toBe(1);
      await page.evaluate((sid) => (window as unknown as { faultlinePlayers: Record<string, { play(): Promise<void> }> }).faultlinePlayers[sid!]?.play(), id);
      const time = (): Promise<number> => page.evaluate((sid) => (window as unknown as { faultlinePlayers: Record<string, { getCurrentTime(): Promise<number> }> }).faultlinePlayers[sid!]!.getCurrentTime(), id);
      await expect.poll(time, { timeout: 15_000 }).toBeGreaterThan(0.5);
      await expect.poll(() => player.innerText(), { timeout: 30_000 }).toContain('seat-42-live');
      expect(view.blocked).toEqual([]);
      expect(view.errors).toEqual([]);
      await keepScreenshot(page, 'report-html-after-down.png');
    } finally {
      await view.close();
    }
  });
});
