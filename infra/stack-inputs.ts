import { readFile } from 'node:fs/promises';
import { bundleApps } from '../src/stack/bundle.js';
import { alertRuleGroups } from '../src/stack/render/alert-rules.js';
import type { AlertRuleGroup } from './manifests/alert-groups.js';

/** What the kubernetes layer takes from the shared stack: the app bundle text and the alert groups. */
export interface StackInputs {
  readonly bundle: string;
  readonly alertGroups: readonly AlertRuleGroup[];
}

/**
 * Build the orders bundle into `bundleDir` (cached by bundleApps) and read
 * it, plus the alert groups. `given` values win (plan passes a placeholder
 * bundle so it stays fast and offline).
 */
export async function loadStackInputs(bundleDir: string, given: Partial<StackInputs> = {}): Promise<StackInputs> {
  const bundle = given.bundle ?? (await readFile((await bundleApps(bundleDir)).files.orders, 'utf8'));
  return { bundle, alertGroups: given.alertGroups ?? alertRuleGroups() };
}
