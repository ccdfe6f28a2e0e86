import { join } from 'node:path';
import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { issueServerCertificate, loadCertificateAuthority, type Validity } from '../../../src/stack/pki.js';
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
  skipVerifyOnMon,
  writeServedCertificate,
} from '../../shared/edge-tls.js';
import { shChecked } from '../../shared/exec-checked.js';
import { expiredLeafParams, resolveExpiredLeafParams, type ExpiredLeafParams } from './params.js';

export type { ExpiredLeafParams } from './params.js';

const ID = 'tls-expired-leaf';
/** Where the renewal job left the renewed certificate (expired and not-yet-valid variants). */
export const RENEWED_DIR = '/etc/nginx/tls/renewed';

function badValidity(params: ExpiredLeafParams): Validity {
  return params.variant === 'not-yet-valid'
    ? { notBeforeDays: params.offsetDays, notAfterDays: params.offsetDays + 90 }
    : { notBeforeDays: -params.offsetDays - 90, notAfterDays: -params.offsetDays };
}

/** Issue the bad and the renewed leaf from the environment CA (host side), with the healthy certificate's names. */
async function issueLeaves(ctx: FaultContext, params: ExpiredLeafParams) {
  const pki = requirePki(ctx, ID);
  const root = await loadCertificateAuthority(pki.dir);
  const subjectAltNames = await baselineSubjectAltNames(pki, ctx.address('edge'));
  const [commonName] = (await edgeClientNames(pki)).slice(-1);
  const common = { outDir: join(pki.dir, 'faults'), commonName: commonName ?? 'edge', subjectAltNames };
  const bad = await issueServerCertificate(root, { ...common, name: `${ID}-bad`, validity: badValidity(params) });
  const renewed = await issueServerCertificate(root, { ...common, name: `${ID}-renewed`, validity: { notBeforeDays: -1, notAfterDays: 90 } });
  return { bad, renewed };
}

/** The edge serves an expired (or not yet valid) leaf; every TLS client on mon rejects it. */
export const tlsExpiredLeafHost: FaultImplementation<ExpiredLeafParams> = {
  params: expiredLeafParams,
  resolveParams: resolveExpiredLeafParams,

  async inject(ctx, params) {
    const { bad, renewed } = await issueLeaves(ctx, params);
    await writeServedCertificate(ctx, bad.certPem, bad.keyPem);
    await reloadNginx(ctx);
    if (params.variant === 'stale-reload') {
      // The renewal landed in place, but nothing reloaded nginx: it still serves the old one from memory.
      await writeServedCertificate(ctx, renewed.certPem, renewed.keyPem);
    } else {
      await ctx.exec.sh('edge', `mkdir -p ${RENEWED_DIR}`);
      await ctx.exec.writeFile('edge', `${RENEWED_DIR}/edge.crt`, renewed.certPem, 0o644);
      await ctx.exec.writeFile('edge', `${RENEWED_DIR}/edge.key`, renewed.keyPem, 0o600);
    }
    ctx.log(`${ID}: ${params.variant} certificate served`, { ...params });
  },

  async symptom(ctx) {
    const seen = await edgeTlsSymptom(ctx, requirePki(ctx, ID));
    return { observed: seen.observed, evidence: `${seen.evidence}\n${await describeAlertStates(ctx, ['EdgeProbeFailing'])}` };
  },

  async verify(ctx) {
    const pki = requirePki(ctx, ID);
    const names = await edgeClientNames(pki);
    return verifyResult([...(await checkServedCertificate(ctx, pki, names)), await checkServedMatchesConfig(ctx, names[0] ?? 'edge')]);
  },

  async solve(ctx, params) {
    if (params.variant !== 'stale-reload') {
      await shChecked(ctx.exec, 'edge', `cp ${RENEWED_DIR}/edge.crt ${PATHS.edgeCert} && cp ${RENEWED_DIR}/edge.key ${PATHS.edgeKey}`, 'install the renewed certificate');
    }
    await reloadNginx(ctx);
  },

  async revert(ctx) {
    await restoreVerifyOnMon(ctx);
    await restoreBaselineCertificate(ctx, requirePki(ctx, ID));
    await ctx.exec.sh('edge', `rm -rf ${RENEWED_DIR}`);
    ctx.log(`${ID}: reverted`);
  },

  wrongFixes: [
    {
      id: 'skip-verify',
      description: 'Turn off certificate verification in the blackbox exporter on mon: EdgeProbeFailing clears, every real client still gets an expired certificate.',
      apply: skipVerifyOnMon,
    },
  ],
};
