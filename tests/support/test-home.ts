import { mkdirSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway FAULTLINE_HOME for one test file. The base image cache is
 * shared (a symlink to the real one) so each file does not debootstrap again.
 */
export function createTestHome(): { home: string; env: Record<string, string>; remove: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'faultline-test-'));
  const shared = process.env.FAULTLINE_IMAGE_CACHE ?? join(process.env.FAULTLINE_HOME ?? join(homedir(), '.faultline'), 'images');
  mkdirSync(shared, { recursive: true });
  symlinkSync(shared, join(home, 'images'));
  return { home, env: { FAULTLINE_HOME: home }, remove: () => rmSync(home, { recursive: true, force: true }) };
}
