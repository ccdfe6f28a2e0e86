import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/options.js';
import { listFaultIds } from '../../faults/registry.js';
import { FaultlineError } from '../../src/errors/index.js';

describe('parseBenchOptions', () => {
  it('defaults to 5 runs, 10 concurrent, selftest on, no cold build', () => {
    expect(parseBenchOptions([])).toEqual({ cold: false, runs: 5, concurrent: 20, skipSelftest: false, json: false, markdown: false });
  });

  it('makes --quick a smoke run that explicit flags still override', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({ runs: 1, concurrent: 2, skipSelftest: true });
    expect(parseBenchOptions(['--quick', '--runs', '3'])).toMatchObject({ runs: 3, concurrent: 2 });
  });

  it('takes --faults as a comma-separated list of scenario ids', () => {
    const ids = listFaultIds().slice(0, 2);
    expect(ids).toHaveLength(2);
    expect(parseBenchOptions(['--faults', ids.join(', ')]).faults).toEqual(ids);
    expect(parseBenchOptions([]).faults).toBeUndefined();
    expect(() => parseBenchOptions(['--faults', 'Disk Pressure'])).toThrow(/--faults/);
  });

  it('rejects a count that is not a whole number, quoting it', () => {
    expect(() => parseBenchOptions(['--runs', 'five'])).toThrow(/--runs "five" is not a whole number/);
  });

  it('rejects zero runs and unknown flags as usage errors', () => {
    for (const argv of [['--runs', '0'], ['--fast']]) {
      const error = (() => {
        try {
          parseBenchOptions(argv);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(FaultlineError);
      expect((error as FaultlineError).code).toBe('USAGE');
    }
  });
});
