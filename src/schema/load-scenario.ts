import { readFile, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FaultlineError } from '../errors/index.js';
import { scenariosDir } from '../core/paths.js';
import { formatIssues } from './format-issues.js';
import { scenarioSchema, type Scenario } from './scenario.js';

/** Resolve a scenario id (`disk-pressure`) or a path (`./my.yaml`) to a file path. */
export function resolveScenarioPath(idOrPath: string): string {
  if (idOrPath.includes('/') || extname(idOrPath) === '.yaml' || extname(idOrPath) === '.yml') return idOrPath;
  return join(scenariosDir(), `${idOrPath}.yaml`);
}

/** Read, parse and validate a scenario; every problem is reported at once. */
export async function loadScenario(idOrPath: string): Promise<Scenario> {
  const path = resolveScenarioPath(idOrPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const known = await listScenarioIds().catch(() => []);
    throw new FaultlineError('UNKNOWN_SCENARIO', `No scenario "${idOrPath}" (looked for ${path}).`, {
      hint: known.length ? `Known scenarios: ${known.join(', ')}.` : 'Pass a path to a scenario YAML file.',
      cause,
    });
  }
  return parseScenario(text, path);
}

/** Validate scenario YAML text; `path` is used in messages and to check the id. */
export function parseScenario(text: string, path: string): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new FaultlineError('INVALID_SCENARIO', `${path} is not valid YAML.`, {
      details: [String((cause as Error).message).split('\n')[0] ?? ''],
      hint: 'Fix the YAML syntax; `faultline schema` prints the JSON Schema for editors.',
      cause,
    });
  }
  const result = scenarioSchema.safeParse(data);
  const problems = result.success ? [] : formatIssues(result.error, data);
  const stem = basename(path, extname(path));
  if (result.success && result.data.id !== stem) {
    problems.push(`id: expected "${stem}" (the file name), got ${JSON.stringify(result.data.id)}`);
  }
  if (!result.success || problems.length > 0) {
    throw new FaultlineError('INVALID_SCENARIO', `${path} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`, {
      details: problems,
      hint: 'Fix each line above; `faultline schema` prints the JSON Schema for editors.',
      cause: result.success ? undefined : result.error,
    });
  }
  return result.data;
}

/** Ids of the scenarios shipped in scenarios/. */
export async function listScenarioIds(): Promise<string[]> {
  const files = await readdir(scenariosDir());
  return files.filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort();
}
