import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
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
 * `edge.<envName>.internal`, `localhost`; IP the edge address and 127.0.0.1.
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
  await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=faultline/CN=edge.${options.envName}.internal`, '-out', csrPath]);
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
basicConstraints = critical, CA:TRUE, pathlen:1
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
subjectAltName = DNS:edge, DNS:edge.${envName}.internal, DNS:localhost, IP:${edgeAddress}, IP:127.0.0.1
`;
}

// ---------------------------------------------------------------------------
// For TLS faults: certificates with any names and validity, intermediates,
// and checking a served chain against the environment's root on the host.

export interface ServerCertificateOptions {
  /** File base name (lower-case slug) inside `outDir`: `<name>.crt`, `<name>.key`. */
  readonly name: string;
  readonly outDir: string;
  readonly commonName: string;
  /** subjectAltName entries such as `DNS:edge`, `IP:10.0.0.1`; empty = no SAN extension (CN-only). */
  readonly subjectAltNames: readonly string[];
  readonly validity?: Validity;
  readonly now?: Date;
}

/** Issue a server certificate from `ca` (root or intermediate) with the given names and validity. */
export async function issueServerCertificate(ca: CertificateAuthority, options: ServerCertificateOptions): Promise<IssuedCertificate> {
  if (!/^[a-z0-9-]+$/.test(options.name)) {
    throw new FaultlineError('INVALID_PARAMS', `Certificate name "${options.name}" must be lower-case letters, digits and hyphens.`);
  }
  await mkdir(options.outDir, { recursive: true });
  const keyPath = join(options.outDir, `${options.name}.key`);
  const certPath = join(options.outDir, `${options.name}.crt`);
  const csrPath = join(options.outDir, `${options.name}.csr`);
  const extPath = join(options.outDir, `${options.name}.ext`);
  const san = options.subjectAltNames.length > 0 ? `subjectAltName = ${options.subjectAltNames.join(', ')}\n` : '';
  await writeFile(
    extPath,
    `[ v3_server ]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n${san}`,
  );
  await generateKey(keyPath);
  await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=faultline/CN=${options.commonName}`, '-out', csrPath]);
  await signWithCa(ca.dir, csrPath, certPath, 'v3_server', options.validity ?? DEFAULT_EDGE_VALIDITY, options.now, ['-extfile', extPath]);
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
}

export interface IntermediateCaOptions {
  /** Directory for the intermediate's key, certificate and `openssl ca` state (created). */
  readonly dir: string;
  readonly commonName: string;
  readonly validity?: Validity;
  readonly now?: Date;
}

/**
 * Create an intermediate CA signed by `root` (pathlen 0: it issues leaves
 * only). Needs a root without `pathlen:0`; roots from createCertificateAuthority
 * allow one level.
 */
export async function createIntermediateCa(root: CertificateAuthority, options: IntermediateCaOptions): Promise<CertificateAuthority> {
  const dir = options.dir;
  await mkdir(join(dir, 'issued'), { recursive: true });
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'openssl.cnf'), renderOpensslConfig(dir));
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.crt');
  const csrPath = join(dir, 'ca.csr');
  const extPath = join(dir, 'intermediate.ext');
  await writeFile(
    extPath,
    '[ v3_intermediate ]\nbasicConstraints = critical, CA:TRUE, pathlen:0\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n',
  );
  await generateKey(keyPath);
  await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=faultline/CN=${options.commonName}`, '-out', csrPath]);
  await signWithCa(root.dir, csrPath, certPath, 'v3_intermediate', options.validity ?? DEFAULT_CA_VALIDITY, options.now, ['-extfile', extPath]);
  return { dir, certPath, keyPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
}

/** What `openssl verify` said about a chain. */
export interface ChainVerdict {
  readonly ok: boolean;
  /** openssl's answer, e.g. `leaf.pem: OK` or `error 10 at 0 depth lookup: certificate has expired`. */
  readonly detail: string;
}

/**
 * Verify a served chain (leaf first, then what the server sent with it)
 * against exactly the CA in `caCertPath` (no system store), for `hostname`,
 * at the current time. Runs openssl on the orchestrator's side.
 */
export async function verifyServedChain(caCertPath: string, chainPem: readonly string[], hostname: string): Promise<ChainVerdict> {
  const [leaf, ...rest] = chainPem;
  if (leaf === undefined) return { ok: false, detail: 'no certificate was served' };
  const dir = await mkdtemp(join(tmpdir(), 'faultline-chain-'));
  try {
    await writeFile(join(dir, 'leaf.pem'), leaf);
    await writeFile(join(dir, 'untrusted.pem'), rest.join('\n'));
    const args = ['verify', '-no-CApath', '-no-CAstore', '-CAfile', caCertPath, '-verify_hostname', hostname];
    if (rest.length > 0) args.push('-untrusted', join(dir, 'untrusted.pem'));
    args.push(join(dir, 'leaf.pem'));
    const result = await execa('openssl', args, { reject: false });
    const detail = `${result.stdout}\n${result.stderr}`.replaceAll(`${dir}/`, '').trim().split('\n').filter((l) => l.trim().length > 0).join(' | ');
    return { ok: result.exitCode === 0, detail };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Subject, issuer, validity and names of one PEM certificate, for evidence and checks. */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DNS names from subjectAltName (empty without the extension). */
  readonly dnsNames: readonly string[];
  readonly sha256: string;
}

/** Read a certificate's facts with `openssl x509` (host side). */
export async function describeCertificate(pem: string): Promise<CertificateFacts> {
  const out = await execa('openssl', ['x509', '-noout', '-subject', '-issuer', '-startdate', '-enddate', '-fingerprint', '-sha256', '-ext', 'subjectAltName', '-nameopt', 'oneline'], {
    input: pem,
    reject: false,
  });
  if (out.exitCode !== 0 && !out.stdout.includes('notAfter=')) {
    throw new FaultlineError('FAULT_FAILED', `openssl x509 could not read a certificate: ${out.stderr.trim().split('\n')[0] ?? ''}`);
  }
  const field = (name: string) => new RegExp(`^${name}=\\s*(.*)$`, 'm').exec(out.stdout)?.[1]?.trim() ?? '';
  const dnsNames = [...out.stdout.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1] ?? '');
  return {
    subject: field('subject'),
    issuer: field('issuer'),
    notBefore: new Date(field('notBefore')),
    notAfter: new Date(field('notAfter')),
    dnsNames,
    sha256: (/Fingerprint=([0-9A-F:]+)/i.exec(out.stdout)?.[1] ?? '').replaceAll(':', '').toLowerCase(),
  };
}

/** The PEM certificates in `text`, in order. */
export function splitPemCertificates(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => `${m[0]}\n`);
}
