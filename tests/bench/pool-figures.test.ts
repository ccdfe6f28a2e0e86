import { describe, expect, it } from 'vitest';
import { poolFigures } from '../../bench/pool-figures.js';

const raw = { bootMs: [2000, 2400, 2200], plainBootMs: [], cgroupBytes: [], failures: [] };

describe('poolFigures', () => {
  it('judges a warm take against 1.5 s plus each scenario’s symptom time, a hot take against 2 s, with the ratio to raw boot', () => {
    const [warm, hot] = poolFigures(
      {
        runs: [
          { scenario: 'misrouted-service', kind: 'warm', upMs: 4000, symptomMs: 3000 },
          { scenario: 'bad-alert-rule', kind: 'warm', upMs: 40_000, symptomMs: 45_000 },
          { scenario: 'misrouted-service', kind: 'hot', upMs: 1800, symptomMs: 3000 },
          { scenario: 'bad-alert-rule', kind: 'hot', upMs: 2500, symptomMs: 45_000 },
        ],
        failures: [],
      },
      raw,
    );
    expect(warm?.targets[0]?.met).toBe(true);
    expect(hot?.targets[0]?.met).toBe(false);
    expect(hot?.value).toContain('worst bad-alert-rule');
    expect(hot?.value).toContain('1.0× raw boot');
  });

  it('never passes a target when a scenario could not be measured', () => {
    const [warm] = poolFigures({ runs: [{ scenario: 'a', kind: 'warm', upMs: 100, symptomMs: 0 }, { scenario: 'b', kind: 'warm', upMs: undefined, symptomMs: 0 }], failures: ['warm b: exit 52'] }, undefined);
    expect(warm?.targets[0]?.met).toBe(false);
    expect(warm?.failures).toEqual(['warm b: exit 52']);
    expect(warm?.value).toContain('n/a raw boot');
  });
});
