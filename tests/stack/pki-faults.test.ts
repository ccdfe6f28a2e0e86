import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createIntermediateCa,
  describeCertificate,
  issueServerCertificate,
  loadCertificateAuthority,
  splitPemCertificates,
  verifyServedChain,
} from '../../src/stack/pki.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-pki-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PKI for TLS faults (real openssl)', async () => {
  const root = await createCertificateAuthority(join(dir, 'root'), { envName: 'test-env' });
  const out = join(dir, 'issued');

  it('loads the CA a provision created', async () => {
    expect((await loadCertificateAuthority(root.dir)).certPem).toBe(root.certPem);
    await expect(loadCertificateAuthority(join(dir, 'nope'))).rejects.toMatchObject({ code: 'FAULT_FAILED' });
  });

  it('a leaf from an intermediate verifies only when the intermediate is served with it', async () => {
    const intermediate = await createIntermediateCa(root, { dir: join(dir, 'int'), commonName: 'test Issuing CA G2' });
    const leaf = await issueServerCertificate(intermediate, { name: 'leaf', outDir: out, commonName: 'edge', subjectAltNames: ['DNS:edge'] });
    const alone = await verifyServedChain(root.certPath, [leaf.certPem], 'edge');
    expect(alone.ok).toBe(false);
    expect(alone.detail).toMatch(/unable to get local issuer certificate/);
    expect(await verifyServedChain(root.certPath, [leaf.certPem, intermediate.certPem], 'edge')).toMatchObject({ ok: true });
    expect((await describeCertificate(leaf.certPem)).issuer).toContain('Issuing CA G2');
  });

  it('an expired or not-yet-valid leaf fails, with openssl saying why', async () => {
    const expired = await issueServerCertificate(root, { name: 'old', outDir: out, commonName: 'edge', subjectAltNames: ['DNS:edge'], validity: { notBeforeDays: -40, notAfterDays: -2 } });
    expect((await verifyServedChain(root.certPath, [expired.certPem], 'edge')).detail).toMatch(/certificate has expired/);
    const future = await issueServerCertificate(root, { name: 'future', outDir: out, commonName: 'edge', subjectAltNames: ['DNS:edge'], validity: { notBeforeDays: 2, notAfterDays: 60 } });
    expect((await verifyServedChain(root.certPath, [future.certPem], 'edge')).detail).toMatch(/not yet valid/);
    expect((await describeCertificate(expired.certPem)).notAfter.getTime()).toBeLessThan(Date.now());
  });

  it('names: a wildcard for another domain and a certificate for other names fail hostname verification', async () => {
    const wildcard = await issueServerCertificate(root, { name: 'wild', outDir: out, commonName: 'gw', subjectAltNames: ['DNS:*.orders.test-env.faultline'] });
    expect((await describeCertificate(wildcard.certPem)).dnsNames).toEqual(['*.orders.test-env.faultline']);
    expect((await verifyServedChain(root.certPath, [wildcard.certPem], 'edge.test-env.faultline')).detail).toMatch(/hostname mismatch/);
    expect((await verifyServedChain(root.certPath, [wildcard.certPem], 'api.orders.test-env.faultline')).ok).toBe(true);
    const other = await issueServerCertificate(root, { name: 'other', outDir: out, commonName: 'gw', subjectAltNames: ['DNS:gw', 'DNS:gw.test-env.faultline'] });
    expect((await verifyServedChain(root.certPath, [other.certPem], 'edge')).ok).toBe(false);
    expect((await verifyServedChain(root.certPath, [other.certPem], 'gw.test-env.faultline')).ok).toBe(true);
    expect(splitPemCertificates(`${other.certPem}junk\n${root.certPem}`)).toHaveLength(2);
  });

  it('a certificate from another CA does not verify against the environment root', async () => {
    const stranger = await createCertificateAuthority(join(dir, 'stranger'), { envName: 'other-env' });
    const leaf = await issueServerCertificate(stranger, { name: 'stranger-leaf', outDir: out, commonName: 'edge', subjectAltNames: ['DNS:edge'] });
    expect((await verifyServedChain(root.certPath, [leaf.certPem, stranger.certPem], 'edge')).ok).toBe(false);
  });
});
