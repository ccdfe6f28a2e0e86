import { FaultlineError } from '../errors/index.js';
import { run } from '../utils/run.js';
import { requireExecutable } from './host-tool.js';

/** What `ssh-keygen -L` says about an OpenSSH certificate. */
export interface CertificateInfo {
  readonly kind: 'host' | 'user';
  readonly principals: readonly string[];
  /** undefined = valid forever. */
  readonly validBefore?: Date;
  /** `SHA256:…` of the CA that signed it. */
  readonly signingCa: string;
}

/** Inspect a certificate file with `ssh-keygen -L`; throws TELEPORT_MATERIAL_MISSING when it is not one. */
export async function inspectCertificate(path: string): Promise<CertificateInfo> {
  const sshKeygen = await requireExecutable('ssh-keygen', 'openssh-client');
  const text = await run(sshKeygen, ['-L', '-f', path]).catch((cause: unknown) => {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `${path} is not a readable OpenSSH certificate.`, {
      cause,
      hint: 'A host certificate comes from `tctl auth sign --format=openssh --host=…` (the `-cert.pub` file).',
    });
  });
  return parseCertificateListing(text, path);
}

/** Parse `ssh-keygen -L` output (exported for tests). Times are the local times ssh-keygen prints. */
export function parseCertificateListing(text: string, path = 'certificate'): CertificateInfo {
  const type = /Type: \S+ (host|user) certificate/.exec(text)?.[1] as 'host' | 'user' | undefined;
  const signingCa = /Signing CA: \S+ (SHA256:[A-Za-z0-9+/=]+)/.exec(text)?.[1];
  if (!type || !signingCa) throw new FaultlineError('TELEPORT_MATERIAL_MISSING', `${path} is not an OpenSSH certificate.`);
  const principals: string[] = [];
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^\s*Principals:/.test(line));
  if (start !== -1 && !/\(none\)/.test(lines[start] ?? '')) {
    const indent = /^\s*/.exec(lines[start] ?? '')?.[0].length ?? 0;
    for (const line of lines.slice(start + 1)) {
      if ((/^\s*/.exec(line)?.[0].length ?? 0) <= indent || line.trim() === '') break;
      principals.push(line.trim());
    }
  }
  const valid = /Valid: (?:from \S+ to (\S+)|(forever)|after \S+)/.exec(text);
  const validBefore = valid?.[1] ? new Date(valid[1]) : undefined;
  return { kind: type, principals, signingCa, ...(validBefore && !Number.isNaN(validBefore.getTime()) ? { validBefore } : {}) };
}
