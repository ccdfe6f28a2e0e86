import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderWriteupTemplate } from '../../../src/access/writeup.js';
import { scenariosDir } from '../../../src/core/paths.js';
import type { EnvState } from '../../../src/schema/state.js';
import { writeupInputFor } from '../../../src/engine/seat/writeup.js';

/** Only what writeupInputFor reads of a state. */
const stateFor = (scenario: string, faults: number): EnvState =>
  ({ scenario, scenarioPath: join(scenariosDir(), `${scenario}.yaml`), faults: Array.from({ length: faults }, () => ({ id: 'x', params: {} })) }) as unknown as EnvState;

describe('the write-up template’s problems', () => {
  it('are numbered, one per fault, for a scenario without problem files', async () => {
    const input = await writeupInputFor(stateFor('disk-pressure', 1));
    expect(input).toEqual({ title: 'New orders fail while the data volume looks empty', problems: 1 });
    expect(renderWriteupTemplate(input)).toContain('## Problem 1\n');
  });

  it('follow the problem files a scenario hands out, titled by their heading and place', async () => {
    const input = await writeupInputFor(stateFor('two-hosts-two-issues', 4));
    expect(input.titles).toEqual([
      'store — problem 1 (store:/srv/interview/PROBLEM-1.md)',
      'store — problem 2 (store:/srv/interview/PROBLEM-2.md)',
      'mon — problem 1 (mon:/srv/interview/PROBLEM-1.md)',
      'mon — problem 2 (mon:/srv/interview/PROBLEM-2.md)',
    ]);
    const template = renderWriteupTemplate(input);
    expect(template).toContain('## Problem 3: mon — problem 1 (mon:/srv/interview/PROBLEM-1.md)');
    expect(template).not.toMatch(/etcd|firewall|scrape|page-not-routed/);
  });
});
