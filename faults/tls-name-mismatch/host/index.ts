import { join } from 'node:path';
import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { issueServerCertificate, loadCertificateAuthority } from '../../../src/stack/pki.js';
import { PATHS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import {
  baselineEdgeCertificate,
  checkServedCertificate,
  checkServedMatchesConfig,
  edgeClientNames,
  edgeTlsSymptom,
  reloadNginx,
  requirePki,
  restoreBaselineCertificate,
  restoreVerifyOnMon,
  skipVerifyOnMon,
  writeServedCertificate,
} from '../../shared/edge-tls.js';
import { shChecked } from '../../shared/exec-checked.js';
import { migrationNames, nameMismatchParams, resolveNameMismatchParams, type NameMismatchParams } from './params.js';

export type { NameMismatchParams } from './params.js';

const ID = 'tls-name-mismatch';
/** The certificate ordered for the transition (old and new names), left next to the served one. */
export const TRANSITION_CERT = '/etc/nginx/tls/edge-transition.crt';
export const TRANSITION_KEY = '/etc/nginx/tls/edge-transition.key';
/** The certificate from before the migration (old names only). */
export const PRE_MIGRATION_CERT = `${PATHS.edgeCert}.pre-migration`;
export const PRE_MIGRATION_KEY = `${PATHS.edgeKey}.pre-migration`;

async function names(ctx: FaultContext, params: NameMismatchParams) {
  const old = await edgeClientNames(requirePki(ctx, ID));
  return { old, ...migrationNames(params, old) };
}

/** A "hostname migration" installed a certificate that no longer names the host clients use. */
export const tlsNameMismatchHost: FaultImplementation<NameMismatchParams> = {
  params: nameMismatchParams,
  resolveParams: resolveNameMismatchParams,

  async inject(ctx, params) {
    const pki = requirePki(ctx, ID);
    const root = await loadCertificateAuthority(pki.dir);
    const { old, bad, migrated } = await names(ctx, params);
    const ips = [`IP:${ctx.address('edge')}`, 'IP:127.0.0.1'];
    const outDir = join(pki.dir, 'faults');
    const validity = { notBeforeDays: -1, notAfterDays: 90 };
    const wrong = await issueServerCertificate(root, { name: `${ID}-new`, outDir, commonName: bad[bad.length - 1] ?? params.newName, subjectAltNames: [...bad.map((n) => `DNS:${n}`), ...ips], validity });
    const transitionNames = [...new Set([...old, ...bad, ...migrated])];
    const transition = await issueServerCertificate(root, { name: `${ID}-transition`, outDir, commonName: old[old.length - 1] ?? 'edge', subjectAltNames: [...transitionNames.map((n) => `DNS:${n}`), ...ips], validity });
    const baseline = await baselineEdgeCertificate(pki);
    await ctx.exec.writeFile('edge', PRE_MIGRATION_CERT, baseline.certPem, 0o644);
    await ctx.exec.writeFile('edge', PRE_MIGRATION_KEY, baseline.keyPem, 0o600);
    await ctx.exec.writeFile('edge', TRANSITION_CERT, transition.certPem, 0o644);
    await ctx.exec.writeFile('edge', TRANSITION_KEY, transition.keyPem, 0o600);
    await writeServedCertificate(ctx, wrong.certPem, wrong.keyPem);
    await reloadNginx(ctx);
    ctx.log(`${ID}: ${params.variant} certificate for ${bad.join(', ')} served`, { ...params });
  },

  async symptom(ctx) {
    const seen = await edgeTlsSymptom(ctx, requirePki(ctx, ID));
    return { observed: seen.observed, evidence: `${seen.evidence}\n${await describeAlertStates(ctx, ['EdgeProbeFailing'])}` };
  },

  async verify(ctx, params) {
    const pki = requirePki(ctx, ID);
    const { old, migrated } = await names(ctx, params);
    return verifyResult([...(await checkServedCertificate(ctx, pki, [...old, ...migrated])), await checkServedMatchesConfig(ctx, old[0] ?? 'edge')]);
  },

  async solve(ctx) {
    await shChecked(ctx.exec, 'edge', `cp ${TRANSITION_CERT} ${PATHS.edgeCert} && cp ${TRANSITION_KEY} ${PATHS.edgeKey}`, 'serve the transition certificate');
    await reloadNginx(ctx);
  },

  async revert(ctx) {
    await restoreVerifyOnMon(ctx);
    await restoreBaselineCertificate(ctx, requirePki(ctx, ID));
    await ctx.exec.sh('edge', `rm -f ${TRANSITION_CERT} ${TRANSITION_KEY} ${PRE_MIGRATION_CERT} ${PRE_MIGRATION_KEY}`);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'restore-old-cert',
      description: 'Put the pre-migration certificate back: the old name works again, every client already moved to the new name breaks.',
      async apply(ctx) {
        await shChecked(ctx.exec, 'edge', `cp ${PRE_MIGRATION_CERT} ${PATHS.edgeCert} && cp ${PRE_MIGRATION_KEY} ${PATHS.edgeKey}`, 'restore the old certificate');
        await reloadNginx(ctx);
      },
    },
    {
      id: 'skip-verify',
      description: 'Turn off certificate verification in the blackbox exporter on mon: EdgeProbeFailing clears, every real client still gets a certificate for another name.',
      apply: skipVerifyOnMon,
    },
  ],
};
