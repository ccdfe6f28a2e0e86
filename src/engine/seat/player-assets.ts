import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FaultlineError } from '../../errors/index.js';

/** The asciinema-player bundle (npm `asciinema-player`), inlined into the HTML report. */
export interface PlayerAssets {
  readonly js: string;
  readonly css: string;
  readonly version: string;
}

const require = createRequire(import.meta.url);

/** Read the player's prebuilt browser bundle and stylesheet from node_modules. */
export async function loadPlayerAssets(): Promise<PlayerAssets> {
  try {
    const jsPath = require.resolve('asciinema-player/dist/bundle/asciinema-player.min.js');
    const js = await readFile(jsPath, 'utf8');
    const css = await readFile(require.resolve('asciinema-player/dist/bundle/asciinema-player.css'), 'utf8');
    // package.json is not in the package's exports: it sits two levels above the bundle.
    const pkg = JSON.parse(await readFile(join(jsPath, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    return { js, css, version: pkg.version };
  } catch (cause) {
    throw new FaultlineError('PREFLIGHT', 'The asciinema-player package is missing, so the HTML report cannot embed a player.', {
      hint: 'Run `npm ci` in the faultline checkout.',
      cause,
    });
  }
}
