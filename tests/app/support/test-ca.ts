import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of a CA and a server certificate for 127.0.0.1 signed by it. */
export interface TestPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** Make a CA (`name`) and a leaf for IP 127.0.0.1 with openssl, in `dir`. */
export async function createTestPki(dir: string, name: string): Promise<TestPki> {
  const path = (file: string) => join(dir, `${name}-${file}`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '2', '-subj', `/CN=${name} test CA`]);
  await run('openssl', ['req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(path('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  await run('openssl', [
    'x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial',
    '-out', path('server.crt'), '-days', '2', '-extfile', path('ext.cnf'),
  ]);
  return { caCert: path('ca.crt'), serverCert: path('server.crt'), serverKey: path('server.key') };
}
