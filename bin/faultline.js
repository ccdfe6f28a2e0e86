#!/usr/bin/env node
// Entry point. Runs the CLI from a bundle of the current sources (built on
// first use, see cli-bundle.js) so each command starts in a fraction of a
// second; FAULTLINE_NO_BUNDLE=1, or a bundle that cannot be built, runs the
// TypeScript directly through tsx instead.
import { ensureCliBundle } from './cli-bundle.js';

const bundle = process.env.FAULTLINE_NO_BUNDLE === '1' ? undefined : await ensureCliBundle().catch((error) => {
  process.stderr.write(`faultline: running from source (no bundle: ${error instanceof Error ? error.message.split('\n')[0] : error})\n`);
  return undefined;
});
if (bundle) {
  process.setSourceMapsEnabled(true);
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
