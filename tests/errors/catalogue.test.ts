import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/core/paths.js';
import { ERROR_CATALOGUE, EXIT_CODES, FaultlineError, INTERNAL_ERROR_EXIT, renderExitCodeTable } from '../../src/errors/index.js';

describe('the error catalogue', () => {
  it('gives every code its own exit status, never 0, 1 or the internal-error status', () => {
    const exits = Object.values(ERROR_CATALOGUE).map((e) => e.exit);
    expect(new Set(exits).size).toBe(exits.length);
    for (const exit of exits) expect([0, 1, INTERNAL_ERROR_EXIT]).not.toContain(exit);
  });

  it('is where an error’s exit status comes from', () => {
    expect(new FaultlineError('CHECK_FAILED', 'not yet').exitCode).toBe(53);
    expect(EXIT_CODES.USERNS_UNAVAILABLE).toBe(ERROR_CATALOGUE.USERNS_UNAVAILABLE.exit);
  });

  it('is README’s exit-code table, as generated', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('\n', readme.indexOf('<!-- exit-codes:begin')) + 1;
    const end = readme.indexOf('<!-- exit-codes:end');
    expect(readme.slice(start, end).trim()).toBe(renderExitCodeTable());
  });
});
