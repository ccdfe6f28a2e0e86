import { loadEnvConfig } from '../shared/env-config.js';
import { createJsonLogger } from '../shared/json-logger.js';
import { shipperEnvSchema } from './config.js';
import { createEntryBuffer } from './entry-buffer.js';
import { parseJournalLine } from './journal-entry.js';
import { followJournal, type JournalReader } from './journal-reader.js';
import { pushToLoki } from './loki-push.js';
import { startShipLoop } from './ship-loop.js';

/**
 * Entry point of log-shipper.js: follow the journal and push it to Loki in
 * batches. Never exits because Loki is down; restarts journalctl (resuming
 * from the last cursor) if it ends.
 */
function main(): void {
  const config = loadEnvConfig('log-shipper', shipperEnvSchema);
  const logger = createJsonLogger({ service: 'log-shipper', host: config.LOG_SHIPPER_HOST });
  const buffer = createEntryBuffer(config.LOG_SHIPPER_BUFFER_MAX);
  let cursor: string | undefined;
  let reader: JournalReader | undefined;
  let stopping = false;

  const start = (): void => {
    reader = followJournal(
      config.LOG_SHIPPER_JOURNALCTL,
      cursor,
      (line) => {
        const entry = parseJournalLine(line);
        if (entry === undefined) return;
        buffer.add(entry);
        cursor = entry.cursor ?? cursor;
      },
      (reason) => {
        if (stopping) return;
        logger.warn('journalctl ended; restarting in 1 s', { reason });
        setTimeout(start, 1000);
      },
    );
  };
  start();

  const loop = startShipLoop({
    buffer,
    push: (body) => pushToLoki(config.LOKI_URL, body, config.LOG_SHIPPER_TIMEOUT_MS),
    host: config.LOG_SHIPPER_HOST,
    batchMax: config.LOG_SHIPPER_BATCH_MAX,
    flushMs: config.LOG_SHIPPER_FLUSH_MS,
    logger,
  });
  logger.info('shipping the journal', { loki: config.LOKI_URL, journalctl: config.LOG_SHIPPER_JOURNALCTL });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal, buffered: buffer.size });
    reader?.stop();
    setTimeout(() => process.exit(0), 2000).unref();
    void loop.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
