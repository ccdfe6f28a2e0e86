import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFaultIds } from '../../faults/registry.js';
import { REPO_ROOT } from '../../src/core/paths.js';
import {
  faultCatalogue,
  renderFaultTableMarkdown,
  renderScenarioTableMarkdown,
  scenarioCatalogue,
  singleFaultScenario,
} from '../../src/engine/catalogue.js';
import { drawScenario, matchesFilter, parseScenarioFilter } from '../../src/engine/draw.js';
import { listScenarioIds } from '../../src/schema/load-scenario.js';

const between = (text: string, name: string): string => {
  const match = new RegExp(`<!-- ${name}:begin[^\\n]*-->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  if (!match) throw new Error(`README has no ${name}:begin/end markers`);
  return match[1] ?? '';
};

describe('catalogue', () => {
  it("README's scenario and fault tables are the ones generated from scenarios/ and the registry", async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(between(readme, 'scenarios'), 'run `faultline scenarios --markdown` and paste it into README').toBe(renderScenarioTableMarkdown(await scenarioCatalogue()));
    expect(between(readme, 'faults'), 'run `faultline faults --markdown` and paste it into README').toBe(renderFaultTableMarkdown());
  });

  it('lists every registered fault and every shipped scenario', async () => {
    expect(faultCatalogue().map((r) => r.id)).toEqual(listFaultIds());
    expect((await scenarioCatalogue()).map((r) => r.id)).toEqual(await listScenarioIds());
    for (const id of listFaultIds()) expect(await singleFaultScenario(id), id).toBeDefined();
  });
});

describe('draw filters', () => {
  it('parse levels, areas, targets and fault counts', () => {
    expect(parseScenarioFilter('level=4-6 area=tls,dns target=local faults=2')).toEqual({
      level: { min: 4, max: 6 },
      areas: ['tls', 'dns'],
      target: 'local',
      faults: { min: 2, max: 2 },
    });
    expect(parseScenarioFilter('  ')).toEqual({});
  });

  it.each([
    ['level=7', /level=7/],
    ['level=5-3', /level=5-3/],
    ['area=selinux', /unknown area "selinux"/],
    ['target=gcp', /target=gcp/],
    ['colour=red', /"colour=red" is not a filter term/],
    ['level', /"level" is not a filter term/],
  ])('%s is a usage error naming the term', (text, message) => {
    expect(() => parseScenarioFilter(text)).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(message) }));
  });

  it('draws only among matching scenarios with faults, the same one for the same seed, and different ones across seeds', async () => {
    const rows = await scenarioCatalogue();
    const filter = 'level=2-6 target=local';
    const matching = rows.filter((r) => r.faults.length > 0 && matchesFilter(r, parseScenarioFilter(filter))).map((r) => r.id).sort();
    expect(matching.length).toBeGreaterThan(1);
    const draws = Array.from({ length: 40 }, (_, seed) => drawScenario(rows, filter, seed));
    for (const draw of draws) {
      expect(draw.candidates).toEqual(matching);
      expect(matching).toContain(draw.scenario);
    }
    expect(drawScenario(rows, filter, 7)).toEqual(drawScenario(rows, filter, 7));
    expect(new Set(draws.map((d) => d.scenario)).size).toBeGreaterThan(1);
    expect(draws.map((d) => d.scenario)).not.toContain('baseline');
  });

  it('a filter nothing matches is a usage error', async () => {
    expect(() => drawScenario([], 'level=6', 1)).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('No scenario matches') }));
  });
});
