/** Severity of one log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Extra structured fields of one log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes one JSON object per line (journald captures stdout). */
export interface JsonLogger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * Create a logger that prints `{ts, level, msg, ...base, ...fields}` as one
 * JSON line to `write` (stdout by default).
 */
export function createJsonLogger(
  base: LogFields,
  write: (line: string) => void = (line) => process.stdout.write(line),
): JsonLogger {
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    write(`${JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
  };
  return {
    log,
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}

/** Short description of any thrown value, keeping the errno code when there is one. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'UNKNOWN', message: String(error) };
}
