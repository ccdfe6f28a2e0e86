/** One journal entry reduced to what Loki needs. */
export interface LogEntry {
  /** Nanoseconds since the epoch, as a decimal string (Loki's format). */
  readonly tsNs: string;
  readonly unit: string;
  readonly line: string;
  /** The journal cursor, to resume after journalctl restarts. */
  readonly cursor: string | undefined;
}

/**
 * Parse one line of `journalctl -o json`. Returns undefined for lines that are
 * not entries or have no message. MESSAGE may be a byte array (non-UTF-8 or
 * binary data); it is decoded as UTF-8.
 */
export function parseJournalLine(text: string): LogEntry | undefined {
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    fields = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const line = decodeField(fields.MESSAGE);
  const micros = decodeField(fields.__REALTIME_TIMESTAMP);
  if (line === undefined || micros === undefined || !/^\d+$/.test(micros)) return undefined;
  const unit =
    decodeField(fields._SYSTEMD_UNIT) ?? decodeField(fields.SYSLOG_IDENTIFIER) ?? decodeField(fields._TRANSPORT) ?? 'unknown';
  return { tsNs: `${micros}000`, unit, line, cursor: decodeField(fields.__CURSOR) };
}

function decodeField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) return Buffer.from(value as number[]).toString('utf8');
  return undefined;
}
