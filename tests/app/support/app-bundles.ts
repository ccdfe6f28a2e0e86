import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleApps, type BundleResult } from '../../../src/stack/bundle.js';

/** Bundle app/ once per source change into a shared temp dir (cached across test files). */
export function getAppBundles(): Promise<BundleResult> {
  return bundleApps(join(tmpdir(), 'faultline-test-app-bundles'));
}
