import type { JsonLogger } from '../shared/json-logger.js';
import { getBackoffMs } from './backoff.js';
import type { EntryBuffer } from './entry-buffer.js';
import type { PushOutcome } from './loki-push.js';
import { buildPushBody, type LokiPushBody } from './push-body.js';

export interface ShipLoopOptions {
  readonly buffer: EntryBuffer;
  readonly push: (body: LokiPushBody) => Promise<PushOutcome>;
  readonly host: string;
  readonly batchMax: number;
  readonly flushMs: number;
  readonly logger: JsonLogger;
}

/** A running push loop. */
export interface ShipLoop {
  /** Stop after the current push; resolves when the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Push buffered entries to Loki every `flushMs` (at once while a full batch
 * is waiting). Retryable failures back off exponentially and keep the batch;
 * rejected batches are dropped. Logs only on state changes, so its own lines
 * do not flood the journal it ships while Loki is down.
 */
export function startShipLoop(options: ShipLoopOptions): ShipLoop {
  const { buffer, push, host, batchMax, flushMs, logger } = options;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopped) {
      const batch = buffer.peek(batchMax);
      if (batch.entries.length === 0) {
        await pause(flushMs);
        continue;
      }
      const outcome = await push(buildPushBody(batch.entries, host));
      if (outcome.ok || !outcome.retry) {
        buffer.acknowledge(batch.end);
        if (!outcome.ok) logger.warn('loki rejected a batch; dropped it', { entries: batch.entries.length, reason: outcome.reason });
        if (failures > 0) logger.info('loki reachable again', { failedAttempts: failures, dropped: buffer.dropped });
        failures = 0;
        if (buffer.size < batchMax) await pause(flushMs);
        continue;
      }
      failures += 1;
      if (failures === 1) logger.warn('loki unreachable; buffering and retrying', { reason: outcome.reason, buffered: buffer.size });
      await pause(getBackoffMs(failures));
    }
  };
  const done = run();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
