import { OK_EXIT } from '../../errors/index.js';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';

export const schemaCommand = defineCommand({
  name: 'schema',
  summary: 'Print the JSON Schema of scenario files (or --config for config.yaml)',
  usage: 'faultline schema [--config]',
  maxPositionals: 0,
  flags: { config: flag.boolean() },
  async run(_positionals, values, out) {
    const { scenarioSchema } = await import('../../schema/scenario.js');
    const { configSchema } = await import('../../schema/config.js');
    const schema = z.toJSONSchema(values.config ? configSchema : scenarioSchema, { io: 'input' });
    process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    void out;
    return OK_EXIT;
  },
});
