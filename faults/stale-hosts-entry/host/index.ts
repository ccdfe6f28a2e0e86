import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { PORTS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked } from '../../shared/exec-checked.js';
import { machineAddress } from '../../shared/machine-address.js';
import { ordersPort, ordersUnit, removeDropInAndRestart, restartAndWaitScript, writeDropIn, dropInPath } from '../../shared/systemd-unit.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { breakHosts, isAddressLiteral, parseResolution, repairHosts, resolutionScript } from './hosts-file.js';
import { resolveStaleHostsEntryParams, staleHostsEntryParams, type StaleHostsEntryParams } from './params.js';

export type { StaleHostsEntryParams } from './params.js';

const HOSTS = '/etc/hosts';
/** Host-side record of app's /etc/hosts before the fault. */
const HOSTS_RECORD = 'hosts-before';
const ALERTS = ['OrdersHighErrorRate'] as const;
const INSTANCES = [1, 2] as const;
const HARDCODE_DROP_IN = 'zz-etcd-by-ip.conf';

/**
 * /etc/hosts on app sends `store` to the address etcd had before a
 * "migration" (nothing answers there): order writes time out on etcd while
 * etcd is healthy for everyone else.
 */
export const staleHostsEntryHost: FaultImplementation<StaleHostsEntryParams> = {
  params: staleHostsEntryParams,
  resolveParams: resolveStaleHostsEntryParams,

  async inject(ctx, params) {
    const text = await ctx.exec.readFile('app', HOSTS);
    // Idempotent by the file, not the records: a reset rebuilds the machines and keeps the records.
    if (text.includes(`${oldAddress(ctx, params)}\t`)) return;
    await ctx.records.write(HOSTS_RECORD, text);
    const broken = breakHosts(text, params, storeAddress(ctx), oldAddress(ctx, params));
    await ctx.exec.writeFile('app', HOSTS, broken, 0o644);
    ctx.log(`stale-hosts-entry: ${params.variant}, store → ${oldAddress(ctx, params)} on app`);
  },

  async symptom(ctx) {
    const posts = await createOrders(ctx, ['docking station', 'docking station']);
    const resolution = parseResolution((await ctx.exec.sh('app', resolutionScript())).stdout);
    const failed = posts.filter((post) => post.status === 503 && /etcd/.test(post.detail)).length;
    return {
      observed: failed === posts.length,
      evidence: [
        `POST /api/orders from mon: ${describePosts(posts)}`,
        `on app: ${resolution.map((r) => `${r.unit} etcd ${r.url} → ${r.resolves || 'unresolved'}`).join('; ')} (store is ${storeAddress(ctx)})`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx) {
    const posts = await createOrders(ctx, ['trackpad', 'trackpad', 'trackpad', 'trackpad']);
    const store = storeAddress(ctx);
    const getent = await ctx.exec.exec('app', ['getent', 'ahostsv4', 'store']);
    const first = getent.stdout.trim().split(/\s+/)[0] ?? '';
    const resolution = parseResolution((await ctx.exec.sh('app', resolutionScript())).stdout);
    const criteria: Criterion[] = [
      { name: 'POST /api/orders succeeds on both orders instances (2 of 2 each)', passed: posts.every((p) => p.status === 201), evidence: describePosts(posts) },
      {
        name: `on app, the name store resolves to the store machine (${store})`,
        passed: first === store,
        evidence: `getent ahostsv4 store on app: ${first || 'no answer'}`,
      },
      {
        name: 'both orders instances reach etcd by name, and that name resolves to the store machine',
        passed: resolution.length === INSTANCES.length && resolution.every((r) => !isAddressLiteral(r.host) && r.host !== 'none' && r.resolves === store),
        evidence: resolution.map((r) => `${r.unit}: ORDERS_ETCD_URL=${r.url} (${r.host} → ${r.resolves || 'unresolved'})`).join('; ') || 'no orders process found',
      },
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    const text = await ctx.exec.readFile('app', HOSTS);
    await ctx.exec.writeFile('app', HOSTS, repairHosts(text, storeAddress(ctx), oldAddress(ctx, params)), 0o644);
  },

  async revert(ctx) {
    const before = await ctx.records.read(HOSTS_RECORD);
    if (typeof before === 'string') await ctx.exec.writeFile('app', HOSTS, before, 0o644);
    for (const instance of INSTANCES) {
      const unit = ordersUnit(instance);
      const present = await ctx.exec.exec('app', ['test', '-e', dropInPath(unit, HARDCODE_DROP_IN)]);
      if (present.exitCode === 0) await removeDropInAndRestart(ctx, 'app', unit, HARDCODE_DROP_IN, ordersPort(instance));
    }
    await ctx.records.remove(HOSTS_RECORD);
    ctx.log('stale-hosts-entry: reverted');
  },
  wrongFixes: [
    { id: 'hardcode-etcd-ip', description: 'Points both orders instances at etcd\'s IP address with a drop-in: writes work, /etc/hosts still lies to everything else on app.', apply: hardcodeEtcdAddress },
  ],
};

/** Masks the symptom: point both instances at etcd's IP address (a drop-in), leaving /etc/hosts stale. */
export async function hardcodeEtcdAddress(ctx: FaultContext): Promise<void> {
  for (const instance of INSTANCES) {
    const unit = ordersUnit(instance);
    await writeDropIn(ctx, 'app', unit, HARDCODE_DROP_IN, `[Service]\nEnvironment=ORDERS_ETCD_URL=http://${storeAddress(ctx)}:${PORTS.etcdClient}\n`);
    await shChecked(ctx.exec, 'app', restartAndWaitScript(unit, 10, ordersPort(instance)), `restart ${unit}`);
  }
}

function storeAddress(ctx: FaultContext): string {
  return machineAddress(ctx.env, 'store');
}

function oldAddress(ctx: FaultContext, params: StaleHostsEntryParams): string {
  return `${storeAddress(ctx).split('.').slice(0, 3).join('.')}.${params.oldOctet}`;
}
