import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Debian's chromium (scripts/test-deps.sh installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots kept as CI artefacts. */
export const TEST_RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

export function chromiumUnavailableReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} missing (apt-get install chromium)`;
}

export interface OfflinePage {
  readonly page: Page;
  /** Every request the page tried that was not the file itself (all blocked). */
  readonly blocked: string[];
  /** Uncaught exceptions and console errors in the page. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Open a local HTML file (playwright launches chromium with a fresh temporary profile) in headless chromium with the network blocked:
 * every request other than the file itself, data: and blob: is aborted and
 * recorded, so a report that needs the network shows up in `blocked`.
 */
export async function openOffline(file: string, viewport = { width: 1100, height: 900 }): Promise<OfflinePage> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport, offline: true });
  const blocked: string[] = [];
  const errors: string[] = [];
  const self = `file://${file}`;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === self || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(self);
  return {
    page,
    blocked,
    errors,
    async close() {
      await browser.close();
    },
  };
}

/** Full-page screenshot under test-results/ (created); returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(TEST_RESULTS, { recursive: true });
  const path = join(TEST_RESULTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}
