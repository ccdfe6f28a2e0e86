import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { run } from '../utils/run.js';

/**
 * Per-environment PKI made with the `openssl` CLI: a CA and the edge's leaf
 * certificate. Certificates are signed with `openssl ca`, because OpenSSL 3.0
 * (bookworm) has no `-not_before`/`-not_after` on `x509 -req`, while
 * `openssl ca -startdate/-enddate` sets any validity window, in the past or
 * the future — which is how a TLS fault serves an expired or not-yet-valid
 * certificate (machines cannot change their clock).
 */

/** A validity window as offsets in days from `now` (negative is in the past; fractions allowed). */
export interface Validity {
  readonly notBeforeDays: number;
  readonly notAfterDays: number;
}

/** CA default: valid from a day ago for a year. */
export const DEFAULT_CA_VALIDITY: Validity = { notBeforeDays: -1, notAfterDays: 365 };
/** Edge default: valid from a day ago for 30 days. */
export const DEFAULT_EDGE_VALIDITY: Validity = { notBeforeDays: -1, notAfterDays: 30 };

export interface CertificateAuthority {
  /** Directory holding the CA key, certificate and `openssl ca` state. */
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface IssuedCertificate {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface EnvironmentPki {
  readonly ca: CertificateAuthority;
  readonly edge: IssuedCertificate;
}

export interface CaOptions {
  readonly envName: string;
  readonly validity?: Validity;
  readonly now?: Date;
}

export interface EdgeCertificateOptions {
  readonly envName: string;
  /** The edge machine's address (an IP SAN). */
  readonly edgeAddress: string;
  readonly validity?: Validity;
  readonly now?: Date;
  /** File base name inside the CA directory; default `edge` (edge.crt, edge.key). */
  readonly name?: string;
}

export interface EnvironmentPkiOptions {
  readonly envName: string;
  readonly edgeAddress: string;
  readonly caValidity?: Validity;
  readonly edgeValidity?: Validity;
  readonly now?: Date;
}

/** Create `dir` with a fresh CA and an edge certificate signed by it. */
export async function generateEnvironmentPki(dir: string, options: EnvironmentPkiOptions): Promise<EnvironmentPki> {
  const ca = await createCertificateAuthority(dir, {
    envName: options.envName,
    ...(options.caValidity && { validity: options.caValidity }),
    ...(options.now && { now: options.now }),
  });
  const edge = await issueEdgeCertificate(ca, {
    envName: options.envName,
    edgeAddress: options.edgeAddress,
    ...(options.edgeValidity && { validity: options.edgeValidity }),
    ...(options.now && { now: options.now }),
  });
  return { ca, edge };
}

/** Create a self-signed CA (EC P-256) in `dir` (created if missing). */
export async function createCertificateAuthority(dir: string, options: CaOptions): Promise<CertificateAuthority> {
  await mkdir(join(dir, 'issued'), { recursive: true });
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'openssl.cnf'), renderOpensslConfig(dir));
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.crt');
  const csrPath = join(dir, 'ca.csr');
  await generateKey(keyPath);
  await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=faultline/CN=faultline ${options.envName} CA`, '-out', csrPath]);
  await signWithCa(dir, csrPath, certPath, 'v3_ca', options.validity ?? DEFAULT_CA_VALIDITY, options.now, ['-selfsign']);
  return { dir, certPath, keyPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
}

/**
 * Issue the edge's server certificate from `ca`. SANs: DNS `edge`,
 * `edge.<envName>.faultline`, `localhost`; IP the edge address and 127.0.0.1.
 */
export async function issueEdgeCertificate(ca: CertificateAuthority, options: EdgeCertificateOptions): Promise<IssuedCertificate> {
  const name = options.name ?? 'edge';
  if (!/^[a-z0-9-]+$/.test(name)) {
    throw new FaultlineError('INVALID_PARAMS', `Certificate name "${name}" must be lower-case letters, digits and hyphens.`);
  }
  const keyPath = join(ca.dir, `${name}.key`);
  const certPath = join(ca.dir, `${name}.crt`);
  const csrPath = join(ca.dir, `${name}.csr`);
  const extPath = join(ca.dir, `${name}.ext`);
  await writeFile(extPath, renderEdgeExtensions(options.envName, options.edgeAddress));
  await generateKey(keyPath);
  await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=faultline/CN=edge.${options.envName}.faultline`, '-out', csrPath]);
  await signWithCa(ca.dir, csrPath, certPath, 'v3_edge', options.validity ?? DEFAULT_EDGE_VALIDITY, options.now, [
    '-extfile',
    extPath,
  ]);
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
}

/** The CA that `createCertificateAuthority` made in `dir` (for faults: `loadCertificateAuthority(ctx.pki.dir)`). */
export async function loadCertificateAuthority(dir: string): Promise<CertificateAuthority> {
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  try {
    return { dir, certPath, keyPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  } catch (cause) {
    throw new FaultlineError('FAULT_FAILED', `No certificate authority in ${dir}.`, {
      hint: 'The environment has no PKI on this target (only the local target creates one).',
      cause,
    });
  }
}

/** Format a date as ASN.1 UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime from 2050, as `openssl ca` takes it. */
export function formatOpensslTime(date: Date): string {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  if (year < 1950) throw new FaultlineError('INVALID_PARAMS', `Certificate date ${date.toISOString()} is before 1950.`);
  return `${year < 2050 ? iso.slice(2) : iso}Z`;
}

async function signWithCa(
  dir: string,
  csrPath: string,
  certPath: string,
  extensions: string,
  validity: Validity,
  now: Date = new Date(),
  extra: readonly string[] = [],
): Promise<void> {
  if (!(validity.notAfterDays > validity.notBeforeDays)) {
    throw new FaultlineError(
      'INVALID_PARAMS',
      `Certificate validity ends (${validity.notAfterDays} days) before it starts (${validity.notBeforeDays} days).`,
    );
  }
  const at = (days: number) => formatOpensslTime(new Date(now.getTime() + days * 86_400_000));
  await openssl([
    'ca',
    '-batch',
    '-notext',
    '-rand_serial',
    '-config',
    join(dir, 'openssl.cnf'),
    '-in',
    csrPath,
    '-out',
    certPath,
    '-extensions',
    extensions,
    '-startdate',
    at(validity.notBeforeDays),
    '-enddate',
    at(validity.notAfterDays),
    ...extra,
  ]);
}

async function generateKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  await chmod(path, 0o600);
}

async function openssl(args: readonly string[]): Promise<string> {
  try {
    return await run('openssl', args);
  } catch (error) {
    const missing = (error as { cause?: { code?: string } }).cause?.code === 'ENOENT';
    if (missing) {
      throw new FaultlineError('MISSING_HOST_PACKAGES', 'The openssl command is not installed.', {
        hint: 'Install it: apt-get install -y openssl',
        cause: error,
      });
    }
    throw error;
  }
}

function renderOpensslConfig(dir: string): string {
  return `# openssl ca state for one faultline environment (written by faultline)
[ ca ]
default_ca = faultline

[ faultline ]
dir = ${dir}
database = ${join(dir, 'index.txt')}
new_certs_dir = ${join(dir, 'issued')}
serial = ${join(dir, 'serial')}
certificate = ${join(dir, 'ca.crt')}
private_key = ${join(dir, 'ca.key')}
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[ policy_any ]
organizationName = optional
commonName = supplied

[ v3_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
`;
}

function renderEdgeExtensions(envName: string, edgeAddress: string): string {
  return `[ v3_edge ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:edge, DNS:edge.${envName}.faultline, DNS:localhost, IP:${edgeAddress}, IP:127.0.0.1
`;
}
