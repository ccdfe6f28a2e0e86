import { loadEnvConfig } from '../shared/env-config.js';
import { createJsonLogger, describeError } from '../shared/json-logger.js';
import { hasCaFileChanged, readCaFile, type CaFile } from './ca-file.js';
import { createTrafficClient, type TrafficClient } from './client.js';
import { loadgenEnvSchema } from './config.js';
import { createStatsWindow } from './stats.js';
import { planRequest } from './traffic.js';

/**
 * Entry point of loadgen.js: send LOADGEN_RPS requests per second to
 * LOADGEN_URL forever, logging a JSON summary every LOADGEN_SUMMARY_MS.
 * Request errors are counted, never fatal. A changed CA file is picked up.
 */
function main(): void {
  const config = loadEnvConfig('loadgen', loadgenEnvSchema);
  const logger = createJsonLogger({ service: 'loadgen' });
  const url = new URL(config.LOADGEN_URL);
  const caPath = config.LOADGEN_CA;

  let ca: CaFile | undefined;
  if (caPath !== undefined) {
    try {
      ca = readCaFile(caPath);
    } catch (error) {
      logger.error('cannot read the CA file', { path: caPath, ...describeError(error) });
      process.exit(1);
    }
  }
  let client: TrafficClient = createTrafficClient(url, ca?.pem, config.LOADGEN_TIMEOUT_MS);
  const stats = createStatsWindow();
  let inFlight = 0;
  let totalRequests = 0;

  const tick = setInterval(() => {
    if (inFlight >= config.LOADGEN_MAX_IN_FLIGHT) return stats.skip();
    inFlight += 1;
    const started = performance.now();
    void client.send(planRequest(config.LOADGEN_WRITE_RATIO)).then((outcome) => {
      inFlight -= 1;
      stats.record(outcome, performance.now() - started);
    });
  }, 1000 / config.LOADGEN_RPS);

  const reloadCa = (): void => {
    if (caPath === undefined || ca === undefined || !hasCaFileChanged(caPath, ca)) return;
    try {
      ca = readCaFile(caPath);
    } catch (error) {
      logger.warn('CA file changed but cannot be read; keeping the previous one', { path: caPath, ...describeError(error) });
      return;
    }
    const previous = client;
    client = createTrafficClient(url, ca.pem, config.LOADGEN_TIMEOUT_MS);
    setTimeout(() => previous.close(), config.LOADGEN_TIMEOUT_MS).unref();
    logger.info('reloaded the CA file', { path: caPath });
  };

  const summarize = (): void => {
    const summary = stats.flush();
    totalRequests += summary.requests;
    logger.info('summary', { url: url.href, ...summary, inFlight, totalRequests });
  };
  const report = setInterval(() => {
    summarize();
    reloadCa();
  }, config.LOADGEN_SUMMARY_MS);

  logger.info('started', { url: url.href, rps: config.LOADGEN_RPS, writeRatio: config.LOADGEN_WRITE_RATIO, ca: caPath ?? 'system' });
  const stop = (signal: NodeJS.Signals): void => {
    clearInterval(tick);
    clearInterval(report);
    summarize();
    logger.info('stopping', { signal });
    client.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
