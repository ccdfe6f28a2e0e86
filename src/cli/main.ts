import { parseArgs } from 'node:util';
import { ERROR_CATALOGUE, FaultlineError, INTERNAL_ERROR_EXIT, isFaultlineError, OK_EXIT } from '../errors/index.js';
import type { CommandSpec } from './command.js';
import { COMMANDS } from './commands/index.js';
import { parseArgsOptions, validateFlags } from './flags.js';
import { createOutput } from './output.js';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'faultline — live troubleshooting interviews, one broken environment per candidate',
    '',
    'Usage: faultline <command> [options]   (faultline <command> --help for details)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Parse argv, run one command, and map its outcome to an exit status. The only process.exit. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? OK_EXIT : ERROR_CATALOGUE.USAGE.exit;
  }
  const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === name);
  const jsonMode = rest.includes('--json');
  const out = createOutput(jsonMode);
  try {
    if (!spec) throw new FaultlineError('USAGE', `Unknown command "${name}".`, { hint: `Run \`faultline --help\`; commands: ${COMMANDS.map((c) => c.name).join(', ')}.` });
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...parseArgsOptions(spec.flags, spec.shorts), json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (cause) {
      throw new FaultlineError('USAGE', (cause as Error).message, { hint: `Usage: ${spec.usage}`, cause });
    }
    const extra = spec.maxPositionals === 'unbounded' ? [] : parsed.positionals.slice(spec.maxPositionals);
    if (extra.length > 0) {
      throw new FaultlineError('USAGE', `Unexpected argument${extra.length === 1 ? '' : 's'} for \`faultline ${spec.name}\`: ${extra.map((e) => JSON.stringify(e)).join(' ')}.`, {
        hint: `Usage: ${spec.usage}`,
      });
    }
    if (parsed.values.help) {
      process.stdout.write(`${spec.summary}\n\nUsage: ${spec.usage}\n`);
      return OK_EXIT;
    }
    const { json: _json, help: _help, ...given } = parsed.values;
    const values = validateFlags(spec.flags, given, spec.usage);
    if (spec.needsEngine?.(values) ?? true) await prepareEngine(spec.name, out.progress);
    return await spec.run(parsed.positionals, values, out);
  } catch (error) {
    return reportError(error, jsonMode, out);
  }
}

/**
 * Before any command: register optional features (access, cloud targets),
 * and reap environments whose TTL has passed — so environments expire on
 * their own on any host where faultline is used at all (cron covers idle ones).
 */
async function prepareEngine(command: string, progress: (line: string) => void): Promise<void> {
  const { loadFeatures } = await import('../engine/features.js');
  await loadFeatures();
  if (command === 'schema' || command === 'plan' || command === 'reap') return;
  const { reapExpiredQuietly } = await import('../engine/reap.js');
  await reapExpiredQuietly(progress);
}

function reportError(error: unknown, jsonMode: boolean, out: ReturnType<typeof createOutput>): number {
  if (isFaultlineError(error)) {
    if (jsonMode) {
      out.json({ version: 1, ok: false, error: { code: error.code, title: ERROR_CATALOGUE[error.code].title, message: error.message, details: error.details, hint: error.hint ?? null } });
    }
    process.stderr.write(`error: ${error.message}\n`);
    for (const line of error.details) process.stderr.write(`  ${line}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.stderr.write('This is a faultline bug; please report it with the command you ran.\n');
  return INTERNAL_ERROR_EXIT;
}

const isEntry = process.argv[1] !== undefined && /faultline(\.js)?$|main\.ts$/.test(process.argv[1]);
if (isEntry) {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
