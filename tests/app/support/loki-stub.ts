import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One request the stub received. */
export interface RecordedPush {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback HTTP server standing in for Loki's push API. */
export interface LokiStub {
  readonly url: string;
  readonly requests: RecordedPush[];
  close(): Promise<void>;
}

/** Start the stub; `statusFor(n)` picks the status of the n-th request (0-based); 204 by default. */
export async function startLokiStub(statusFor: (n: number) => number = () => 204): Promise<LokiStub> {
  const requests: RecordedPush[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const status = statusFor(requests.length);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 300 ? `stub answered ${status}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
