import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors/index.js';
import {
  createCertificateAuthority,
  formatOpensslTime,
  generateEnvironmentPki,
  issueEdgeCertificate,
  type EnvironmentPki,
} from '../../src/stack/pki.js';
import { makeTempDir, runTool } from './stack-fixture.js';

describe('generateEnvironmentPki', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let pki: EnvironmentPki;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('pki'));
    pki = await generateEnvironmentPki(join(dir, 'env'), { envName: 'demo', edgeAddress: '10.213.7.10' });
  });
  afterAll(() => cleanup());

  it('issues an edge certificate that openssl verifies against the environment CA', async () => {
    const result = await runTool('openssl', ['verify', '-CAfile', pki.ca.certPath, pki.edge.certPath]);
    expect(result.output).toContain(': OK');
    expect(result.exitCode).toBe(0);
  });

  it('names the edge by short name, environment name, localhost and both addresses', async () => {
    const text = (await runTool('openssl', ['x509', '-in', pki.edge.certPath, '-noout', '-ext', 'subjectAltName'])).output;
    for (const san of ['DNS:edge', 'DNS:edge.demo.internal', 'DNS:localhost', 'IP Address:10.213.7.10', 'IP Address:127.0.0.1']) {
      expect(text).toContain(san);
    }
  });

  it('returns the PEM text of what it wrote and keeps private keys owner-only', async () => {
    expect(pki.ca.certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(pki.edge.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(pki.edge.keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(pki.ca.keyPath)).mode & 0o777).toBe(0o600);
  });

  it('makes a CA that is a CA and a leaf that is not', async () => {
    const ca = (await runTool('openssl', ['x509', '-in', pki.ca.certPath, '-noout', '-ext', 'basicConstraints'])).output;
    const leaf = (await runTool('openssl', ['x509', '-in', pki.edge.certPath, '-noout', '-ext', 'basicConstraints,extendedKeyUsage'])).output;
    expect(ca).toContain('CA:TRUE');
    expect(leaf).toContain('CA:FALSE');
    expect(leaf).toContain('TLS Web Server Authentication');
  });

  it('issues an already expired edge certificate that verification rejects as expired', async () => {
    const expired = await issueEdgeCertificate(pki.ca, {
      envName: 'demo',
      edgeAddress: '10.213.7.10',
      name: 'edge-expired',
      validity: { notBeforeDays: -30, notAfterDays: -1 },
    });
    const result = await runTool('openssl', ['verify', '-CAfile', pki.ca.certPath, expired.certPath]);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('certificate has expired');
  });

  it('issues a not-yet-valid edge certificate that verification rejects', async () => {
    const future = await issueEdgeCertificate(pki.ca, {
      envName: 'demo',
      edgeAddress: '10.213.7.10',
      name: 'edge-future',
      validity: { notBeforeDays: 2, notAfterDays: 30 },
    });
    const result = await runTool('openssl', ['verify', '-CAfile', pki.ca.certPath, future.certPath]);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('certificate is not yet valid');
  });

  it('places the validity window where it was asked, relative to now', async () => {
    const now = new Date('2030-06-15T12:00:00Z');
    const cert = await issueEdgeCertificate(pki.ca, {
      envName: 'demo',
      edgeAddress: '10.213.7.10',
      name: 'edge-dated',
      now,
      validity: { notBeforeDays: -1, notAfterDays: 10 },
    });
    const dates = (await runTool('openssl', ['x509', '-in', cert.certPath, '-noout', '-dates'])).output;
    expect(dates).toContain('notBefore=Jun 14 12:00:00 2030 GMT');
    expect(dates).toContain('notAfter=Jun 25 12:00:00 2030 GMT');
  });

  it('rejects a window that ends before it starts', async () => {
    const { dir: other, cleanup: done } = await makeTempDir('pki-bad');
    try {
      await expect(
        createCertificateAuthority(other, { envName: 'demo', validity: { notBeforeDays: 5, notAfterDays: 1 } }),
      ).rejects.toBeInstanceOf(FaultlineError);
    } finally {
      await done();
    }
  });
});

describe('formatOpensslTime', () => {
  it('uses UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(formatOpensslTime(new Date('2026-01-02T03:04:05Z'))).toBe('260102030405Z');
    expect(formatOpensslTime(new Date('2051-01-02T03:04:05Z'))).toBe('20510102030405Z');
  });
});
