import type { z } from 'zod';

/**
 * Parse `env` with a zod schema. On failure, print one line per issue
 * (variable, what was expected, what came) to stderr and exit 1, so systemd
 * shows a clear reason in `systemctl status`.
 */
export function loadEnvConfig<T extends z.ZodType>(
  service: string,
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.output<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  process.stderr.write(`${service}: invalid configuration\n${formatConfigIssues(result.error, env).join('\n')}\n`);
  process.exit(1);
}

/** One line per issue: `  ORDERS_PORT: expected ..., got "abc"`. */
export function formatConfigIssues(error: z.ZodError, env: NodeJS.ProcessEnv): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    const raw = env[name];
    const got = raw === undefined ? 'it is not set' : `got ${JSON.stringify(raw)}`;
    return `  ${name}: ${issue.message} (${got})`;
  });
}
