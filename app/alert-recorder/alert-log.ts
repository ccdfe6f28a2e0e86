import { appendFile } from 'node:fs/promises';
import type { AlertRecord } from './record.js';

/** Appends records to the JSONL alert log one at a time, so lines never interleave. */
export interface AlertLog {
  append(record: AlertRecord): Promise<void>;
}

/** Create a writer for the JSONL file at `path` (its directory must exist). */
export function createAlertLog(path: string): AlertLog {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    append: (record) => {
      const write = queue.then(() => appendFile(path, `${JSON.stringify(record)}\n`, { mode: 0o644 }));
      queue = write.catch(() => undefined);
      return write;
    },
  };
}
