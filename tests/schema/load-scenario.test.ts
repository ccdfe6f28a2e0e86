import { readdirSync } from 'node:fs';
import { scenariosDir } from '../../src/core/paths.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors/index.js';
import { listScenarioIds, loadScenario, parseScenario } from '../../src/schema/load-scenario.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

const valid = `id: demo
title: Demo scenario
level: 2
summary: A scenario used by this test only.
briefing: Orders are slow, please look.
debrief:
  rootCause: nothing
`;

function problemsOf(text: string, path = '/tmp/demo.yaml'): string[] {
  try {
    parseScenario(text, path);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('INVALID_SCENARIO');
    return [...(error as FaultlineError).details];
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario files', () => {
  it('every shipped scenario parses and its id matches its file name', async () => {
    const ids = await listScenarioIds();
    const files = readdirSync(scenariosDir()).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
    expect([...ids].sort()).toEqual(files.sort());
    expect(ids).toContain('baseline');
    for (const id of ids) expect((await loadScenario(id)).id).toBe(id);
  });

  it('fills defaults for targets, faults, hints, timebox and ttl', () => {
    const scenario = parseScenario(valid, '/tmp/demo.yaml');
    expect(scenario).toMatchObject({ targets: ['local'], faults: [], hints: [], timebox: '45m', ttl: '4h', stack: 'orders' });
  });

  it('reports every problem at once, one line each, naming the path, what was expected and what came', () => {
    const problems = problemsOf('id: demo\ntitel: typo\nlevel: 9\nfaults:\n  - id: Bad_Name\ntimebox: soon\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        '(root): unknown field "titel" (remove or fix the spelling)',
        'title: expected string, got nothing',
        expect.stringMatching(/^level: .*6.*, got number 9$/),
        expect.stringMatching(/^faults\.0\.id: lower-case letters.*got "Bad_Name"$/),
        expect.stringMatching(/^timebox: a duration such as 45m.*got "soon"$/),
      ]),
    );
  });

  it('rejects an id that differs from the file name', () => {
    expect(problemsOf(valid, '/tmp/other.yaml')).toEqual(['id: expected "other" (the file name), got "demo"']);
  });

  it('rejects YAML that does not parse, saying so', () => {
    expect(() => parseScenario('id: [unclosed', '/tmp/x.yaml')).toThrow(/not valid YAML/);
  });

  it('names the known scenarios when one does not exist', async () => {
    await expect(loadScenario('no-such-scenario')).rejects.toMatchObject({ code: 'UNKNOWN_SCENARIO', hint: expect.stringContaining('baseline') });
  });

  it('exports a JSON Schema editors can use, with the fields and their descriptions', () => {
    const schema = z.toJSONSchema(scenarioSchema, { io: 'input' }) as { properties: Record<string, { description?: string }>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['id', 'level', 'briefing', 'faults', 'hints', 'debrief']));
    expect(schema.properties.level?.description).toMatch(/junior/);
    expect(schema.additionalProperties).toBe(false);
  });
});
