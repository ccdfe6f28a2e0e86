import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { PATHS } from '../../../src/stack/topology.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { checkJournalIntact, forgetJournal, recordJournal } from '../../shared/orders-journal.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { ordersPort, showUnit, showValue } from '../../shared/systemd-unit.js';
import { readDataDirCheck } from './data-dir-check.js';
import { inodeExhaustionParams, resolveInodeExhaustionParams, type InodeExhaustionParams } from './params.js';
import {
  cacheDir,
  cacheRoot,
  describeVolumeInodes,
  freeInodePercent,
  parseVolumeInodes,
  prefillScript,
  renderWriterScript,
  renderWriterUnit,
  volumeInodesScript,
  writerScriptPath,
  writerUnitPath,
  type VolumeInodes,
} from './spool-scripts.js';

export type { InodeExhaustionParams } from './params.js';

const ID = 'inode-exhaustion';
const DATA = PATHS.appData;
const INSTANCES = [1, 2] as const;
/** Verify demands at least this share of the volume's inodes free. */
const MIN_FREE_INODE_PERCENT = 50;
/** Verify samples inode use twice, this far apart… */
const GROWTH_SAMPLE_MS = 3000;
/** …and allows this much growth (the orders instances' own probe files come and go). */
const MAX_GROWTH = 5;
const ACTIVE_STATES = ['active', 'activating', 'reloading', 'deactivating'];
const ENABLED_STATES = ['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'alias'];

/**
 * A cache unit on app writes one small file per entry into the orders data
 * volume and never expires them: the volume's inodes run out while most
 * of its space is free, so creating any file fails with ENOSPC (the orders
 * health check among them).
 */
export const inodeExhaustionHost: FaultImplementation<InodeExhaustionParams> = {
  params: inodeExhaustionParams,
  resolveParams: resolveInodeExhaustionParams,

  async inject(ctx, params) {
    const usage = await readInodes(ctx);
    const installed = await ctx.exec.exec('app', ['test', '-f', writerUnitPath(params)]);
    if (installed.exitCode === 0 && usage !== undefined && usage.inodesFree === 0) {
      ctx.log(`${ID}: already injected (${params.writer} installed, no inodes free)`);
      return;
    }
    const seeded = await createOrders(ctx, ['shipping label', 'packing tape', 'bubble wrap']);
    if (seeded.every((post) => post.status !== 201)) {
      throw new FaultlineError('FAULT_FAILED', `${ID}: the orders API took no orders before the fault.`, {
        details: [describePosts(seeded)],
        hint: 'The baseline should be healthy; check `faultline status` and the app journal.',
      });
    }
    await recordJournal(ctx, ID);
    const fill = await shChecked(ctx.exec, 'app', prefillScript(params), `fill the inodes of ${DATA}`);
    await ctx.exec.writeFile('app', writerScriptPath(params), renderWriterScript(params), 0o755);
    await ctx.exec.writeFile('app', writerUnitPath(params), renderWriterUnit(params), 0o644);
    await shChecked(ctx.exec, 'app', `systemctl daemon-reload && systemctl enable --now ${params.writer}.service`, `start ${params.writer}`);
    ctx.log(`${ID}: ${params.writer} filled the inodes of ${DATA}`, { ...params, dir: cacheDir(params), fill: fill.stdout.trim() });
  },

  async symptom(ctx) {
    // Another fault of the scenario may have an instance down or etcd unhealthy: judge the data dir check of those that answer.
    const checks = await Promise.all(INSTANCES.map((instance) => readDataDirCheck(ctx, ordersPort(instance))));
    const answering = checks.filter((check) => check.answered);
    const usage = await readInodes(ctx);
    const spaceLeft = usage !== undefined && usage.bytesUsed < usage.bytes / 2;
    return {
      observed: answering.length > 0 && answering.every((check) => check.code === 'ENOSPC') && usage?.inodesFree === 0 && spaceLeft,
      evidence: [
        `GET /healthz from mon: ${checks.map((check) => check.summary).join('; ')}`,
        `${DATA} on app: ${usage ? describeVolumeInodes(usage) : 'df gave no numbers'}`,
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    return verifyResult([
      ...(await Promise.all(INSTANCES.map((instance) => checkHealthy(ctx, instance)))),
      ...(await checkInodes(ctx)),
      await checkWriterOff(ctx, params),
      await checkJournalIntact(ctx),
    ]);
  },

  async solve(ctx, params) {
    await shChecked(ctx.exec, 'app', `systemctl disable --now ${params.writer}.service && rm -rf ${shellQuote(cacheDir(params))}`, `stop ${params.writer} and clear its cache`);
  },

  async revert(ctx, params) {
    await shChecked(
      ctx.exec,
      'app',
      `systemctl disable --now ${params.writer}.service 2>/dev/null || true
rm -f ${shellQuote(writerUnitPath(params))} ${shellQuote(writerScriptPath(params))}
systemctl daemon-reload
systemctl reset-failed ${params.writer}.service 2>/dev/null || true
rm -rf ${shellQuote(cacheRoot(params))}`,
      `remove ${params.writer} and its cache`,
    );
    await forgetJournal(ctx);
    ctx.log(`${ID}: reverted`, { writer: params.writer });
  },

  wrongFixes: [
    {
      id: 'delete-some-files',
      description: 'Delete the older half of the cache files: health checks pass for a minute or two, the writer keeps running and fills the inodes again.',
      async apply(ctx, params) {
        await shChecked(
          ctx.exec,
          'app',
          `cd ${shellQuote(cacheDir(params))} && find . -type f | head -n "$(( $(find . -type f | wc -l) / 2 ))" | xargs -r rm -f`,
          'delete half of the cache files',
        );
      },
    },
    {
      id: 'wipe-volume',
      description: 'Stop and disable the writer, then `rm -rf /var/lib/orders/*`: inodes come back and stay, and every order in the journal is gone.',
      async apply(ctx, params) {
        await shChecked(ctx.exec, 'app', `systemctl disable --now ${params.writer}.service && find ${shellQuote(DATA)} -mindepth 1 -delete`, `wipe ${DATA}`);
      },
    },
  ],
};

async function readInodes(ctx: FaultContext): Promise<VolumeInodes | undefined> {
  return parseVolumeInodes((await ctx.exec.sh('app', volumeInodesScript(DATA))).stdout);
}

async function checkHealthy(ctx: FaultContext, instance: 1 | 2): Promise<Criterion> {
  const port = ordersPort(instance);
  const check = await readDataDirCheck(ctx, port);
  return {
    name: `orders@${instance} can create files in its data dir (GET app:${port}/healthz: checks.dataDir ok)`,
    passed: check.answered && check.ok,
    evidence: `GET /healthz from mon: ${check.summary}`,
  };
}

/** More than half the inodes free, and inode use not growing over a few seconds (nothing keeps filling the volume). */
async function checkInodes(ctx: FaultContext): Promise<Criterion[]> {
  const before = await readInodes(ctx);
  const free: Criterion = {
    name: `more than ${MIN_FREE_INODE_PERCENT}% of the inodes of ${DATA} are free`,
    passed: before !== undefined && freeInodePercent(before) > MIN_FREE_INODE_PERCENT,
    evidence: `df -i on app: ${before ? describeVolumeInodes(before) : 'no numbers'}`,
  };
  const growthName = `nothing keeps creating files on ${DATA} (inode use grows by at most ${MAX_GROWTH} in ${GROWTH_SAMPLE_MS / 1000} s)`;
  if (before === undefined) return [free, { name: growthName, passed: false, evidence: 'df -i on app gave no numbers' }];
  await new Promise((resolve) => setTimeout(resolve, GROWTH_SAMPLE_MS));
  const after = await readInodes(ctx);
  const growth = after === undefined ? undefined : after.inodesUsed - before.inodesUsed;
  return [
    free,
    {
      name: growthName,
      passed: growth !== undefined && growth <= MAX_GROWTH,
      evidence: growth === undefined ? 'the second df -i gave no numbers' : `inodes used: ${before.inodesUsed}, then ${after?.inodesUsed} (${growth >= 0 ? '+' : ''}${growth})`,
    },
  ];
}

/** The writer is stopped and will not start at boot, or it no longer writes into the data volume. */
async function checkWriterOff(ctx: FaultContext, params: InodeExhaustionParams): Promise<Criterion> {
  const unit = `${params.writer}.service`;
  const show = await showUnit(ctx, 'app', unit, ['LoadState', 'ActiveState', 'UnitFileState', 'Environment']);
  const [load, active, fileState, environment] = ['LoadState', 'ActiveState', 'UnitFileState', 'Environment'].map((key) => showValue(show, key));
  const dir = /(?:^|\s)CACHE_DIR=(\S+)/.exec(environment ?? '')?.[1] ?? '';
  const stopped = !ACTIVE_STATES.includes(active ?? '') && !ENABLED_STATES.includes(fileState ?? '');
  const offVolume = load === 'loaded' && dir !== '' && dir !== DATA && !dir.startsWith(`${DATA}/`);
  return {
    name: `${unit} is stopped and disabled, or no longer writes into ${DATA}`,
    passed: stopped || offVolume,
    evidence: `systemctl show ${unit} on app: LoadState=${load || '?'} ActiveState=${active || '?'} UnitFileState=${fileState || '(none)'} CACHE_DIR=${dir || '(unset)'}`,
  };
}
