import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { FaultlineError } from '../errors/index.js';
import { homePaths } from '../core/paths.js';
import { configSchema, type Config } from '../schema/config.js';
import { formatIssues } from '../schema/format-issues.js';

/** Read $FAULTLINE_HOME/config.yaml (absent → defaults); every problem reported at once. */
export async function loadConfig(): Promise<Config> {
  const path = homePaths.config();
  const text = await readFile(path, 'utf8').catch(() => undefined);
  let data: unknown = {};
  if (text !== undefined) {
    try {
      data = parseYaml(text) ?? {};
    } catch (cause) {
      throw new FaultlineError('INVALID_CONFIG', `${path} is not valid YAML.`, { cause });
    }
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    throw new FaultlineError('INVALID_CONFIG', `${path} has ${result.error.issues.length} problem(s):`, {
      details: formatIssues(result.error, data),
      hint: 'Fix each line above; `faultline schema --config` prints the JSON Schema.',
      cause: result.error,
    });
  }
  return result.data;
}
