import { openSync, write, closeSync } from 'node:fs';

/** One request as recorded in the trace log. */
export interface TraceEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

/** Appends a line per request to a file opened once (like a real logger). */
export interface TraceLog {
  record(entry: TraceEntry): void;
  close(): void;
}

/**
 * Open `path` for appending once and keep the descriptor, so deleting the
 * file leaves a deleted-but-open file that still takes space. Each line is
 * padded with `padBytes` bytes. Write errors (ENOSPC) go to `onError` and
 * never throw.
 */
export function openTraceLog(path: string, padBytes: number, instance: string, onError: (error: unknown) => void): TraceLog {
  const fd = openSync(path, 'a', 0o640);
  const pad = padBytes > 0 ? { pad: 'x'.repeat(padBytes) } : {};
  let closed = false;
  return {
    record: (entry) => {
      if (closed) return;
      const line = `${JSON.stringify({ ts: new Date().toISOString(), instance, ...entry, ...pad })}\n`;
      write(fd, line, (error) => {
        if (error) onError(error);
      });
    },
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
