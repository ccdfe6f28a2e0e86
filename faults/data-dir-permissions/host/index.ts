import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { PATHS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { dropInPath, ordersPort, ordersUnit, removeDropInAndRestart, restartAndWaitScript, writeDropIn } from '../../shared/systemd-unit.js';
import { readUnitProcess } from '../../shared/unit-process.js';
import { createOrders, describePosts, INSTANCE_CREATE_URLS } from '../../shared/post-orders.js';
import { checkJournalIntact, forgetJournal, recordJournal } from '../../shared/orders-journal.js';
import { dataDirPermissionsParams, resolveDataDirPermissionsParams, type DataDirPermissionsParams } from './params.js';
import { breakScript, listPermsScript, parsePerms, permsProblems, restoreScript, type PathPerms } from './volume-perms.js';

export type { DataDirPermissionsParams } from './params.js';

const DATA = PATHS.appData;
const OWNER = 'orders';
/** Host-side records (FaultContext.records). */
const PERMS_RECORD = 'healthy-perms';
const ALERTS = ['OrdersHighErrorRate'] as const;
const INSTANCES = [1, 2] as const;
const RUN_AS_ROOT_DROP_IN = 'zz-run-as-root.conf';

/**
 * A "maintenance" job hands the orders data volume to another account
 * (`chown -R`) or makes it read-only (`chmod -R a-w`): every write on both
 * instances fails with EACCES.
 */
export const dataDirPermissionsHost: FaultImplementation<DataDirPermissionsParams> = {
  params: dataDirPermissionsParams,
  resolveParams: resolveDataDirPermissionsParams,

  async inject(ctx, params) {
    // Idempotent by the machine's state, not the records: a reset rebuilds the machines and keeps the records.
    const current = parsePerms((await shChecked(ctx.exec, 'app', listPermsScript(DATA), `list ${DATA}`)).stdout);
    if (permsProblems(current, OWNER).length > 0 && (await ctx.records.read(PERMS_RECORD)) !== undefined) {
      ctx.log('data-dir-permissions: already injected');
      return;
    }
    const seeded = await createOrders(ctx, ['monitor', 'webcam', 'headset']);
    if (seeded.some((post) => post.status !== 201)) {
      throw new FaultlineError('FAULT_FAILED', 'data-dir-permissions: the orders API did not take orders before the fault.', {
        details: [describePosts(seeded)],
      });
    }
    const perms = parsePerms((await shChecked(ctx.exec, 'app', listPermsScript(DATA), `list ${DATA}`)).stdout);
    await recordJournal(ctx, 'data-dir-permissions');
    await ctx.records.write(PERMS_RECORD, perms);
    await shChecked(ctx.exec, 'app', breakScript(DATA, params), `change ${DATA}`);
    ctx.log(`data-dir-permissions: ${params.variant} on ${DATA}`, { ...params, paths: perms.length });
  },

  async symptom(ctx) {
    const posts = await createOrders(ctx, ['desk mat', 'desk mat']);
    const perms = parsePerms((await ctx.exec.sh('app', listPermsScript(DATA))).stdout);
    const denied = posts.filter((post) => post.status >= 500 && /EACCES|EPERM/.test(post.detail)).length;
    return {
      observed: denied === posts.length,
      evidence: [
        `POST /api/orders from mon: ${describePosts(posts)}`,
        `${DATA} on app: ${perms.slice(0, 4).map((p) => `${p.user}:${p.group} ${p.mode.toString(8)} ${p.path}`).join('; ')}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx) {
    return verifyResult([
      await checkWritesAndReads(ctx),
      await checkVolumePerms(ctx),
      ...(await Promise.all(INSTANCES.map((instance) => checkRunsAsOrders(ctx, instance)))),
      await checkJournalIntact(ctx),
    ]);
  },

  async solve(ctx) {
    await shChecked(ctx.exec, 'app', `chown -R ${OWNER}:${OWNER} ${DATA} && chmod -R u+rwX ${DATA}`, `give ${DATA} back to ${OWNER}`);
  },

  async revert(ctx) {
    const recorded = await ctx.records.read(PERMS_RECORD);
    const perms = Array.isArray(recorded) ? (recorded as PathPerms[]) : [];
    const script = perms.length > 0 ? restoreScript(perms) : `chown -R ${OWNER}:${OWNER} ${DATA} && chmod 750 ${DATA} && find ${DATA} -type f -exec chmod 640 {} +`;
    await shChecked(ctx.exec, 'app', script, `restore owners and modes of ${DATA}`);
    for (const instance of INSTANCES) {
      const unit = ordersUnit(instance);
      const present = await ctx.exec.exec('app', ['test', '-e', dropInPath(unit, RUN_AS_ROOT_DROP_IN)]);
      if (present.exitCode === 0) await removeDropInAndRestart(ctx, 'app', unit, RUN_AS_ROOT_DROP_IN, ordersPort(instance));
    }
    await ctx.records.remove(PERMS_RECORD);
    await forgetJournal(ctx);
    ctx.log('data-dir-permissions: reverted');
  },
  wrongFixes: [
    { id: 'chmod-777', description: 'chmod -R 777 on the data volume: writes work again, but customer data is open to every account on the host.', apply: chmodWorldWritable },
    { id: 'run-as-root', description: 'A User=root drop-in on both instances: writes work, the volume stays wrong and the service runs with far more privilege than it needs.', apply: runAsRoot },
  ],
};

/** Masks the symptom by opening the volume to everyone: `chmod -R 777`. Customer data becomes world-readable. */
export async function chmodWorldWritable(ctx: FaultContext): Promise<void> {
  await shChecked(ctx.exec, 'app', `chmod -R 777 ${DATA}`, `chmod -R 777 ${DATA}`);
}

/** Masks the symptom by running both instances as root (a `User=root` drop-in); the volume stays as broken. */
export async function runAsRoot(ctx: FaultContext): Promise<void> {
  for (const instance of INSTANCES) {
    const unit = ordersUnit(instance);
    await writeDropIn(ctx, 'app', unit, RUN_AS_ROOT_DROP_IN, '[Service]\nUser=root\nGroup=root\n');
    await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(instance)), `restart ${unit} as root`);
  }
}

async function checkWritesAndReads(ctx: FaultContext): Promise<Criterion> {
  const posts = await createOrders(ctx, ['keyboard', 'keyboard', 'keyboard', 'keyboard']);
  const reads = await Promise.all(INSTANCE_CREATE_URLS.map((url) => ctx.probes.http('mon', `${url}?limit=1`, { timeoutMs: 5000 })));
  return {
    name: 'POST and GET /api/orders succeed on both orders instances',
    passed: posts.every((post) => post.status === 201) && reads.every((r) => r.status === 200),
    evidence: `POST: ${describePosts(posts)}; GET: ${reads.map((r, i) => `app:${ordersPort((i + 1) as 1 | 2)} ${r.status}`).join(', ')}`,
  };
}

async function checkVolumePerms(ctx: FaultContext): Promise<Criterion> {
  const perms = parsePerms((await ctx.exec.sh('app', listPermsScript(DATA))).stdout);
  const problems = perms.length === 0 ? [`${DATA} could not be listed`] : permsProblems(perms, OWNER);
  return {
    name: `everything in ${DATA} belongs to ${OWNER}:${OWNER}, is writable by it and closed to other users`,
    passed: problems.length === 0,
    evidence: problems.length === 0 ? `find ${DATA} on app: ${perms.length} paths, all ${OWNER}:${OWNER}, no access for others` : problems.slice(0, 6).join('; '),
  };
}

async function checkRunsAsOrders(ctx: FaultContext, instance: 1 | 2): Promise<Criterion> {
  const unit = ordersUnit(instance);
  const process = await readUnitProcess(ctx, 'app', unit, ordersPort(instance));
  return {
    name: `${unit} runs as ${OWNER}`,
    passed: process.subState === 'running' && process.user === OWNER,
    evidence: `${unit}: ${process.activeState}/${process.subState}, pid ${process.mainPid} user ${process.user || '?'}`,
  };
}
