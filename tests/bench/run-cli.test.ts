import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../bench/run-cli.js';

describe('describeFailure', () => {
  it('keeps the exit status, the error line and its detail lines, but not the progress before them', () => {
    const stderr = ['provisioning 4 machines', 'error: The environment did not reach a healthy baseline.', '  ✗ units: nginx failed', '  ✗ edge TLS: refused', 'hint: The journal lines above show why'].join('\n');
    expect(describeFailure({ exitCode: 51, stdout: '', stderr, ms: 1 })).toBe(
      'exit 51: error: The environment did not reach a healthy baseline. / ✗ units: nginx failed / ✗ edge TLS: refused',
    );
  });

  it('falls back to the last stderr line when the CLI printed no error line', () => {
    expect(describeFailure({ exitCode: 70, stdout: '', stderr: 'internal error: boom\n    at x\n', ms: 1 })).toBe('exit 70: at x');
  });
});
