import type { Server } from 'node:http';

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests
 * finish (closing idle keep-alive sockets), run `cleanup`, and exit 0. Exits
 * 1 if that takes longer than `graceMs`.
 */
export function handleShutdown(
  servers: readonly Server[],
  cleanup: () => void | Promise<void>,
  onSignal: (signal: string) => void,
  graceMs = 5000,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    onSignal(signal);
    setTimeout(() => process.exit(1), graceMs).unref();
    // Node 18 does not close keep-alive sockets that go idle after close(); sweep them.
    const closed = servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => {
            clearInterval(sweep);
            resolve();
          });
          server.closeIdleConnections();
        }),
    );
    void Promise.all(closed)
      .then(() => cleanup())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
