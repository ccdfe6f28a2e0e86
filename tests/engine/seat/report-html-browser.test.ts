import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlayerAssets } from '../../../src/engine/seat/player-assets.js';
import { renderReportHtml } from '../../../src/engine/seat/report-html.js';
import { chromiumUnavailableReason, keepScreenshot, openOffline } from '../../support/browser.js';
import { sampleCast, sampleInterview, SESSION_ID } from './seat-fixture.js';

const skip = chromiumUnavailableReason();
if (skip) process.stderr.write(`\n!!! SKIPPING the HTML report browser test: ${skip}\n\n`);

describe.skipIf(skip !== undefined)('HTML report in a real headless chromium, network blocked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-html-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function write(name: string, votes: Parameters<typeof sampleInterview>[0]): Promise<string> {
    const path = join(dir, name);
    writeFileSync(path, renderReportHtml(sampleInterview(votes), [{ id: SESSION_ID, cast: sampleCast() }], await loadPlayerAssets()));
    return path;
  }

  it('renders charts with data points, timeline rows, and plays the recording until the typed command and its output appear', async () => {
    const file = await write('revealed.html', { cast: [{ panelist: 'ada', vote: '+1', comment: 'calm and methodical' }, { panelist: 'grace', vote: '-2', comment: null }] });
    const view = await openOffline(file);
    try {
      const page = view.page;
      const points = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => ({ series: svg.getAttribute('data-series'), dots: svg.querySelectorAll('circle.pt').length, bands: svg.querySelectorAll('rect.alert-band').length, box: svg.getBoundingClientRect().height })));
      expect(points.map((p) => p.series)).toEqual(['requests', 'errors', 'latency', 'disk']);
      for (const chart of points) {
        expect(chart.dots).toBe(60);
        expect(chart.bands).toBe(1);
        expect(chart.box).toBeGreaterThan(80);
      }
      expect(await page.locator('table.timeline tbody tr').count()).toBeGreaterThan(5);
      await expect.poll(() => page.locator('table.timeline').innerText()).toContain('note (ada): Reads the edge error log <first>');

      // The player mounted and plays: its clock advances and the terminal shows the command's output.
      await page.waitForFunction(() => (window as unknown as { faultlinePlayers: Record<string, unknown> }).faultlinePlayers !== undefined);
      const player = page.locator(`.cast-player[data-session="${SESSION_ID}"]`);
      await expect.poll(() => player.locator('.ap-player').count(), { timeout: 10_000 }).toBe(1);
      expect(await player.innerText()).not.toContain('browser-42-marker');
      await page.evaluate((id) => (window as unknown as { faultlinePlayers: Record<string, { play(): Promise<void> }> }).faultlinePlayers[id]?.play(), SESSION_ID);
      const time = (): Promise<number> => page.evaluate((id) => (window as unknown as { faultlinePlayers: Record<string, { getCurrentTime(): Promise<number> }> }).faultlinePlayers[id]!.getCurrentTime(), SESSION_ID);
      await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(1.2);
      await expect.poll(() => player.innerText(), { timeout: 10_000 }).toContain('browser-42-marker');
      expect(await player.innerText()).toContain('echo browser-$((6*7))-marker');

      // Votes: the whole panel voted, so both are shown.
      expect(await page.locator('#votes-state').getAttribute('data-state')).toBe('revealed');
      expect(await page.locator('table.votes').innerText()).toMatch(/ada\s+\+1\s+calm and methodical[\s\S]*grace\s+-2/);
      // Escaped, not executed: the write-up's markup stays text.
      expect(await page.locator('#writeup').innerText()).toContain('<script>alert(1)</script>');
      expect(await page.locator('.ladder li.current').innerText()).toContain('Intermediate');
      expect(await page.locator('.checklist input[type=checkbox]').count()).toBe(2);

      expect(view.blocked).toEqual([]);
      expect(view.errors).toEqual([]);
      await keepScreenshot(page, 'report-html-fixture.png');
    } finally {
      await view.close();
    }
  });

  it('hides the other panelists’ votes until the panel has voted, showing the reader only their own', async () => {
    const file = await write('hidden.html', { cast: [{ panelist: 'ada', vote: '-2', comment: 'never checked df' }], viewer: 'ada' });
    const view = await openOffline(file);
    try {
      const page = view.page;
      expect(await page.locator('#votes-state').getAttribute('data-state')).toBe('hidden');
      expect(await page.locator('#votes-state').innerText()).toContain('hidden until grace votes');
      expect(await page.locator('table.votes tbody tr').count()).toBe(1);
      expect(await page.locator('table.votes').innerText()).toContain('never checked df');
      const html = await page.content();
      expect(html).toContain('grace'); // named as a panelist who has not voted…
      expect(await page.locator('section', { hasText: 'Votes' }).innerText()).toContain('voted: ada');
    } finally {
      await view.close();
    }
    const other = await write('hidden-for-grace.html', { cast: [{ panelist: 'ada', vote: '-2', comment: 'never checked df' }], viewer: 'grace' });
    const second = await openOffline(other);
    try {
      // …but grace, who has not voted, cannot read ada's vote anywhere on the page, nor in its source.
      expect(await second.page.locator('table.votes').count()).toBe(0);
      expect(await second.page.content()).not.toContain('never checked df');
    } finally {
      await second.close();
    }
  });
});
