import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The user's own FAULTLINE_HOME (where the image cache and config.yaml live). */
export function userHome(): string {
  return process.env.FAULTLINE_HOME ?? join(homedir(), '.faultline');
}

/** The shared base image cache the bench boots from (never rebuilt by warm figures). */
export function sharedImageCache(): string {
  return process.env.FAULTLINE_IMAGE_CACHE ?? join(userHome(), 'images');
}

export interface BenchHome {
  readonly home: string;
  /** Environment for CLI subprocesses: FAULTLINE_HOME=home. */
  readonly env: Record<string, string>;
  readonly remove: () => void;
}

/**
 * A throwaway FAULTLINE_HOME under /tmp for one bench run, so the bench never
 * touches the user's environments. `images` is a symlink to the shared cache
 * (as in tests/support/test-home.ts); config.yaml is copied so a configured
 * mirror gives the same image key.
 */
export function createBenchHome(): BenchHome {
  const home = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const shared = sharedImageCache();
  mkdirSync(shared, { recursive: true });
  symlinkSync(shared, join(home, 'images'));
  const config = join(userHome(), 'config.yaml');
  if (existsSync(config)) copyFileSync(config, join(home, 'config.yaml'));
  return { home, env: { FAULTLINE_HOME: home }, remove: () => rmSync(home, { recursive: true, force: true }) };
}
