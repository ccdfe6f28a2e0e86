import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadEnvConfig } from '../shared/env-config.js';
import { createJsonLogger, describeError } from '../shared/json-logger.js';
import { handleShutdown } from '../shared/shutdown.js';
import { createAlertLog } from './alert-log.js';
import { recorderEnvSchema } from './config.js';
import { createRecorderServer } from './server.js';

/** Entry point of alert-recorder.js: record every Alertmanager notification as a JSON line. */
function main(): void {
  const config = loadEnvConfig('alert-recorder', recorderEnvSchema);
  const logger = createJsonLogger({ service: 'alert-recorder' });
  try {
    mkdirSync(dirname(config.ALERT_RECORDER_LOG), { recursive: true });
  } catch (error) {
    logger.error('cannot create the alert log directory', { path: config.ALERT_RECORDER_LOG, ...describeError(error) });
    process.exit(1);
  }
  const server = createRecorderServer(createAlertLog(config.ALERT_RECORDER_LOG), logger);
  server.on('error', (error) => {
    logger.error('cannot listen', { port: config.ALERT_RECORDER_PORT, ...describeError(error) });
    process.exit(1);
  });
  server.listen(config.ALERT_RECORDER_PORT, config.ALERT_RECORDER_HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.ALERT_RECORDER_PORT;
    logger.info('listening', { port, log: config.ALERT_RECORDER_LOG });
  });
  handleShutdown([server], () => undefined, (signal) => logger.info('shutting down', { signal }));
}

main();
