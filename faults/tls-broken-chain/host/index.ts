import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { createIntermediateCa, issueServerCertificate, loadCertificateAuthority } from '../../../src/stack/pki.js';
import { PATHS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import {
  baselineSubjectAltNames,
  checkServedCertificate,
  checkServedMatchesConfig,
  edgeClientNames,
  edgeTlsSymptom,
  reloadNginx,
  requirePki,
  restoreBaselineCertificate,
  restoreVerifyOnMon,
  writeServedCertificate,
} from '../../shared/edge-tls.js';
import { shChecked } from '../../shared/exec-checked.js';
import { brokenChainParams, resolveBrokenChainParams, type BrokenChainParams } from './params.js';

export type { BrokenChainParams } from './params.js';

const ID = 'tls-broken-chain';
/** Where the PKI team's intermediates live on edge (both generations; only one issued the leaf). */
export const CHAIN_DIR = '/etc/nginx/tls/chain';

const intermediateFile = (generation: string) => `${CHAIN_DIR}/issuing-ca-${generation.toLowerCase()}.crt`;

/**
 * Introduce an intermediate into the environment's PKI (host side): the
 * current issuing CA signs the new leaf; a previous-generation intermediate
 * (also signed by the root, but not the leaf's issuer) is the stale one.
 */
async function issueChain(ctx: FaultContext, params: BrokenChainParams) {
  const pki = requirePki(ctx, ID);
  const root = await loadCertificateAuthority(pki.dir);
  const current = await createIntermediateCa(root, { dir: join(pki.dir, 'faults', `issuing-${params.current.toLowerCase()}`), commonName: `faultline ${ctx.env.name} Issuing CA ${params.current}` });
  const previous = await createIntermediateCa(root, { dir: join(pki.dir, 'faults', `issuing-${params.previous.toLowerCase()}`), commonName: `faultline ${ctx.env.name} Issuing CA ${params.previous}` });
  const [commonName] = (await edgeClientNames(pki)).slice(-1);
  const leaf = await issueServerCertificate(current, {
    name: `${ID}-leaf`,
    outDir: join(pki.dir, 'faults'),
    commonName: commonName ?? 'edge',
    subjectAltNames: await baselineSubjectAltNames(pki, ctx.address('edge')),
    validity: { notBeforeDays: -1, notAfterDays: 90 },
  });
  return { current, previous, leaf };
}

/** The edge serves a leaf from a new intermediate without (or with the wrong) intermediate: clients cannot build a chain. */
export const tlsBrokenChainHost: FaultImplementation<BrokenChainParams> = {
  params: brokenChainParams,
  resolveParams: resolveBrokenChainParams,

  async inject(ctx, params) {
    const { current, previous, leaf } = await issueChain(ctx, params);
    await ctx.exec.sh('edge', `mkdir -p ${CHAIN_DIR}`);
    await ctx.exec.writeFile('edge', intermediateFile(params.current), current.certPem, 0o644);
    await ctx.exec.writeFile('edge', intermediateFile(params.previous), previous.certPem, 0o644);
    const served = params.variant === 'missing-intermediate' ? leaf.certPem : `${leaf.certPem}${previous.certPem}`;
    await writeServedCertificate(ctx, served, leaf.keyPem);
    await reloadNginx(ctx);
    ctx.log(`${ID}: ${params.variant} (leaf issued by Issuing CA ${params.current})`, { ...params });
  },

  async symptom(ctx) {
    const seen = await edgeTlsSymptom(ctx, requirePki(ctx, ID));
    return { observed: seen.observed, evidence: `${seen.evidence}\n${await describeAlertStates(ctx, ['EdgeProbeFailing'])}` };
  },

  async verify(ctx) {
    const pki = requirePki(ctx, ID);
    const names = await edgeClientNames(pki);
    const clientTrust = await checkClientTrust(ctx, pki.caCertPath);
    return verifyResult([...(await checkServedCertificate(ctx, pki, names)), await checkServedMatchesConfig(ctx, names[0] ?? 'edge'), clientTrust]);
  },

  async solve(ctx, params) {
    // The fix a candidate makes: serve leaf + its issuer (a "fullchain" file).
    await shChecked(
      ctx.exec,
      'edge',
      `set -e\nleaf=$(awk '/BEGIN CERT/{n++} n==1' ${PATHS.edgeCert})\nprintf '%s\\n' "$leaf" > ${PATHS.edgeCert}.new\ncat ${intermediateFile(params.current)} >> ${PATHS.edgeCert}.new\nmv ${PATHS.edgeCert}.new ${PATHS.edgeCert}`,
      'serve the leaf with its intermediate',
    );
    await reloadNginx(ctx);
  },

  async revert(ctx) {
    await restoreTrustOnMon(ctx, requirePki(ctx, ID).caCertPath);
    await restoreVerifyOnMon(ctx);
    await restoreBaselineCertificate(ctx, requirePki(ctx, ID));
    await ctx.exec.sh('edge', `rm -rf ${CHAIN_DIR}`);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'trust-intermediate',
      description: "Add the intermediate to mon's CA bundle and restart the probes: curl and the blackbox exporter accept the partial chain, every client that trusts only the root still fails.",
      async apply(ctx, params) {
        const pem = await ctx.exec.readFile('edge', intermediateFile(params.current));
        const bundle = await ctx.exec.readFile('mon', PATHS.caCert);
        await ctx.exec.writeFile('mon', PATHS.caCert, `${bundle.trimEnd()}\n${pem}`, 0o644);
        await shChecked(ctx.exec, 'mon', 'systemctl restart prometheus-blackbox-exporter faultline-loadgen', 'restart the probes on mon');
      },
    },
  ],
};

/** Clients keep trusting exactly the environment root: mon's CA bundle equals the host-side CA certificate. */
async function checkClientTrust(ctx: FaultContext, caCertPath: string) {
  const expected = (await readFile(caCertPath, 'utf8')).trim();
  const bundle = (await ctx.exec.readFile('mon', PATHS.caCert).catch(() => '')).trim();
  const count = (bundle.match(/BEGIN CERTIFICATE/g) ?? []).length;
  return {
    name: `clients trust only the environment root (${PATHS.caCert} on mon is unchanged)`,
    passed: bundle === expected,
    evidence: bundle === expected ? `${PATHS.caCert} on mon: the environment root, 1 certificate` : `${PATHS.caCert} on mon holds ${count} certificate(s) and differs from the environment root`,
  };
}

async function restoreTrustOnMon(ctx: FaultContext, caCertPath: string): Promise<void> {
  const expected = await readFile(caCertPath, 'utf8');
  if ((await ctx.exec.readFile('mon', PATHS.caCert).catch(() => '')).trim() === expected.trim()) return;
  await ctx.exec.writeFile('mon', PATHS.caCert, expected, 0o644);
  await shChecked(ctx.exec, 'mon', 'systemctl restart prometheus-blackbox-exporter faultline-loadgen', 'restart the probes on mon');
}
