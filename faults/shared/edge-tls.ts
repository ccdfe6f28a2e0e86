import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Criterion } from '../../src/core/evidence.js';
import type { FaultContext, FaultPki } from '../../src/core/fault.js';
import { FaultlineError } from '../../src/errors/index.js';
import { describeCertificate, splitPemCertificates, verifyServedChain, type CertificateFacts } from '../../src/stack/pki.js';
import { PATHS, PORTS } from '../../src/stack/topology.js';
import { shChecked } from './exec-checked.js';

/** A served certificate is only healthy if it stays valid at least this long. */
const MIN_REMAINING_DAYS = 7;

/** The environment's CA (host side), or a clear error: TLS faults run only where the target made a PKI. */
export function requirePki(ctx: FaultContext, faultId: string): FaultPki {
  if (ctx.pki === undefined) {
    throw new FaultlineError('FAULT_FAILED', `${faultId} needs the environment's PKI (ctx.pki), which this target does not provide.`);
  }
  return ctx.pki;
}

/** The healthy edge certificate the target issued at provision (host side), PEM. */
export async function baselineEdgeCertificate(pki: FaultPki): Promise<{ certPem: string; keyPem: string }> {
  return { certPem: await readFile(join(pki.dir, 'edge.crt'), 'utf8'), keyPem: await readFile(join(pki.dir, 'edge.key'), 'utf8') };
}

/**
 * The DNS names clients use for the edge: the DNS names of the certificate
 * the target issued at provision, without `localhost`.
 */
export async function edgeClientNames(pki: FaultPki): Promise<string[]> {
  const facts = await describeCertificate((await baselineEdgeCertificate(pki)).certPem);
  return facts.dnsNames.filter((name) => name !== 'localhost');
}

/** subjectAltName entries of the healthy edge certificate (DNS names and IPs), for re-issuing one like it. */
export async function baselineSubjectAltNames(pki: FaultPki, edgeAddress: string): Promise<string[]> {
  const names = (await describeCertificate((await baselineEdgeCertificate(pki)).certPem)).dnsNames;
  return [...names.map((name) => `DNS:${name}`), `IP:${edgeAddress}`, 'IP:127.0.0.1'];
}

/** What the edge serves for one SNI name, as a TLS client on mon sees it: PEM certificates, leaf first. */
export async function fetchServedChain(ctx: FaultContext, serverName: string): Promise<string[]> {
  const result = await ctx.exec.sh(
    'mon',
    `timeout 5 openssl s_client -connect ${ctx.address('edge')}:${PORTS.edgeHttps} -servername ${serverName} -showcerts </dev/null 2>/dev/null || true`,
  );
  return splitPemCertificates(result.stdout);
}

/** One criterion per client name: the chain the edge serves verifies against the environment root (host side). */
export async function checkServedCertificate(ctx: FaultContext, pki: FaultPki, names: readonly string[]): Promise<Criterion[]> {
  const criteria: Criterion[] = [];
  for (const name of names) {
    const chain = await fetchServedChain(ctx, name);
    const criterion = `the edge's certificate chain for ${name} verifies against the environment CA and stays valid ≥ ${MIN_REMAINING_DAYS} days`;
    if (chain.length === 0) {
      criteria.push({ name: criterion, passed: false, evidence: `openssl s_client -servername ${name} from mon got no certificate (is nginx listening on ${PORTS.edgeHttps}?)` });
      continue;
    }
    const verdict = await verifyServedChain(pki.caCertPath, chain, name);
    const leaf = await describeCertificate(chain[0] as string);
    const longEnough = leaf.notAfter.getTime() - Date.now() > MIN_REMAINING_DAYS * 86_400_000;
    const named = leaf.dnsNames.length > 0;
    criteria.push({
      name: criterion,
      passed: verdict.ok && longEnough && named,
      evidence: `served ${chain.length} certificate(s) for SNI ${name}; leaf ${describeFacts(leaf)}; openssl verify (host side, environment CA only): ${verdict.detail}${named ? '' : '; the leaf has no subjectAltName'}`,
    });
  }
  return criteria;
}

/** `subject …, issuer …, valid … → …, DNS …` for evidence. */
export function describeFacts(facts: CertificateFacts): string {
  const day = (d: Date) => (Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(0, 10));
  return `subject "${facts.subject}", issuer "${facts.issuer}", valid ${day(facts.notBefore)} → ${day(facts.notAfter)}, DNS ${facts.dnsNames.join(' ') || 'none'}`;
}

/** Write the certificate (chain) and key nginx serves. Does not reload. */
export async function writeServedCertificate(ctx: FaultContext, certPem: string, keyPem: string): Promise<void> {
  await ctx.exec.writeFile('edge', PATHS.edgeCert, certPem, 0o644);
  await ctx.exec.writeFile('edge', PATHS.edgeKey, keyPem, 0o600);
}

/** `nginx -t` then reload; throws with nginx's words when the config is bad. */
export async function reloadNginx(ctx: FaultContext): Promise<void> {
  await shChecked(ctx.exec, 'edge', 'nginx -t 2>&1 && systemctl reload-or-restart nginx', 'reload nginx');
}

/** One request from mon through the edge, verifying TLS against the environment CA: the TLS symptom as clients see it. */
export async function edgeTlsSymptom(ctx: FaultContext, pki: FaultPki): Promise<{ observed: boolean; evidence: string }> {
  const [name] = await edgeClientNames(pki);
  const url = `https://${name ?? 'edge'}/healthz`;
  const response = await ctx.probes.http('mon', url, { timeoutMs: 4000 });
  const tlsError = response.status === 0 && /SSL|certificate|issuer|subject|expired|verify/i.test(response.body);
  return {
    observed: tlsError,
    evidence: `GET ${url} from mon (curl --cacert ${PATHS.caCert}): ${response.status === 0 ? `no response — ${response.body.split('\n')[0]}` : `HTTP ${response.status}`}`,
  };
}

/** The blackbox exporter's TLS check, as the wrong fix turns it off and revert turns it back on. */
const VERIFY_ON = 'insecure_skip_verify: false';
const VERIFY_OFF = 'insecure_skip_verify: true';

/**
 * Wrong fix shared by the TLS faults: turn certificate verification off in
 * the blackbox exporter on mon, so EdgeProbeFailing clears while every real
 * client still rejects the edge.
 */
export async function skipVerifyOnMon(ctx: FaultContext): Promise<void> {
  await shChecked(
    ctx.exec,
    'mon',
    `sed -i 's/${VERIFY_ON}/${VERIFY_OFF}/' ${PATHS.blackboxConfig} && systemctl restart prometheus-blackbox-exporter`,
    'turn off TLS verification in the blackbox exporter',
  );
}

/** Undo `skipVerifyOnMon` (idempotent): verification on, exporter restarted only when it was off. */
export async function restoreVerifyOnMon(ctx: FaultContext): Promise<void> {
  await shChecked(
    ctx.exec,
    'mon',
    `if grep -q '${VERIFY_OFF}' ${PATHS.blackboxConfig}; then sed -i 's/${VERIFY_OFF}/${VERIFY_ON}/' ${PATHS.blackboxConfig} && systemctl restart prometheus-blackbox-exporter; fi`,
    'turn TLS verification back on in the blackbox exporter',
  );
}

/** Put the certificate the target issued at provision back and reload nginx. */
export async function restoreBaselineCertificate(ctx: FaultContext, pki: FaultPki): Promise<void> {
  const baseline = await baselineEdgeCertificate(pki);
  await writeServedCertificate(ctx, baseline.certPem, baseline.keyPem);
  await reloadNginx(ctx);
}

/**
 * nginx serves the certificate its configuration names (so a restart or
 * reboot keeps the fix): the first certificate in the `ssl_certificate` file
 * of `nginx -T` equals the served leaf.
 */
export async function checkServedMatchesConfig(ctx: FaultContext, serverName: string): Promise<Criterion> {
  const name = 'nginx serves the certificate its configuration names (a restart keeps the fix)';
  const dump = await ctx.exec.exec('edge', ['nginx', '-T']);
  if (dump.exitCode !== 0) return { name, passed: false, evidence: `nginx -T on edge failed: ${dump.stderr.trim().split('\n').slice(-2).join(' | ')}` };
  const path = /^\s*ssl_certificate\s+([^;\s]+)\s*;/m.exec(dump.stdout)?.[1];
  if (path === undefined) return { name, passed: false, evidence: 'nginx -T on edge: no ssl_certificate directive' };
  const onDisk = splitPemCertificates(await ctx.exec.readFile('edge', path).catch(() => ''))[0];
  const served = (await fetchServedChain(ctx, serverName))[0];
  if (onDisk === undefined || served === undefined) {
    return { name, passed: false, evidence: `${path} on edge: ${onDisk ? 'a certificate' : 'no certificate'}; served: ${served ? 'a certificate' : 'nothing'}` };
  }
  const [disk, live] = await Promise.all([describeCertificate(onDisk), describeCertificate(served)]);
  return {
    name,
    passed: disk.sha256 === live.sha256,
    evidence: `ssl_certificate ${path}: ${describeFacts(disk)}; served: ${disk.sha256 === live.sha256 ? 'the same certificate' : describeFacts(live)}`,
  };
}
