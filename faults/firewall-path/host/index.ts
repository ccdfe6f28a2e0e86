import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { PORTS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { machineAddress } from '../../shared/machine-address.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { firewallPathParams, resolveFirewallPathParams, type FirewallPathParams } from './params.js';
import { acceptInFront, chainRules, findEtcdBlocks, innocentRules, placeOf, type FirewallRule } from './rules.js';

export type { FirewallPathParams } from './params.js';

const ALERTS = ['OrdersHighErrorRate', 'EtcdDown'] as const;

/**
 * A DROP or REJECT rule for orders → etcd (app's OUTPUT or store's INPUT),
 * hidden among innocent hardening rules: every order write fails (timeouts
 * or refusals) while etcd looks healthy from mon.
 */
export const firewallPathHost: FaultImplementation<FirewallPathParams> = {
  params: firewallPathParams,
  resolveParams: resolveFirewallPathParams,

  async inject(ctx, params) {
    const rules = chainRules(params, addresses(ctx));
    const { machine } = placeOf(params.place);
    await shChecked(ctx.exec, machine, rules.map((rule) => appendOnce(rule)).join('\n'), `add the firewall rules on ${machine}`);
    ctx.log(`firewall-path: ${params.action} on ${params.place}`, { ...params });
  },

  async symptom(ctx) {
    const posts = await createOrders(ctx, ['usb hub', 'usb hub']);
    const etcd = await ctx.probes.http('mon', `http://store:${PORTS.etcdClient}/health`, { timeoutMs: 3000 });
    const blocked = posts.filter((post) => (post.status === 503 && /etcd/.test(post.detail)) || post.status === 0).length;
    return {
      observed: blocked === posts.length,
      evidence: [
        `POST /api/orders from mon: ${describePosts(posts)}`,
        `GET store:${PORTS.etcdClient}/health from mon: ${etcd.status} ${etcd.body.trim().slice(0, 60)}`,
        await describeAlertStates(ctx, ALERTS),
      ].join('\n'),
    };
  },

  async verify(ctx, params) {
    const posts = await createOrders(ctx, ['hdmi cable', 'hdmi cable', 'hdmi cable', 'hdmi cable']);
    const criteria: Criterion[] = [
      { name: 'POST /api/orders succeeds on both orders instances (2 of 2 each)', passed: posts.every((p) => p.status === 201), evidence: describePosts(posts) },
      await checkNoEtcdBlock(ctx, 'app'),
      await checkNoEtcdBlock(ctx, 'store'),
      await checkInnocentRulesKept(ctx, params),
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    const [block] = chainRules(params, addresses(ctx)).filter((rule) => rule.spec.includes('--dport') && rule.spec.includes(String(PORTS.etcdClient)));
    if (block) await shChecked(ctx.exec, block.machine, deleteAll(block), `delete the etcd rule on ${block.machine}`);
  },

  async revert(ctx, params) {
    const rules = [...chainRules(params, addresses(ctx)), acceptInFront(params, addresses(ctx))];
    const { machine } = placeOf(params.place);
    await shChecked(ctx.exec, machine, rules.map((rule) => deleteAll(rule)).join('\n'), `remove the firewall rules on ${machine}`);
    ctx.log('firewall-path: reverted', { place: params.place });
  },
  wrongFixes: [
    { id: 'accept-in-front', description: 'Inserts an ACCEPT for app → store:2379 at the top of the chain: traffic flows, the blocking rule stays for the next person to trip over.', apply: acceptInFrontWrongFix },
    { id: 'flush-firewall', description: 'iptables -F on the machine with the rule: the block is gone, and so is every hardening rule of the host.', apply: flushFirewall },
  ],
};

/** Masks the block: an ACCEPT for app → store:2379 inserted at the top of the chain; the bad rule stays. */
export async function acceptInFrontWrongFix(ctx: FaultContext, params: FirewallPathParams): Promise<void> {
  const rule = acceptInFront(params, addresses(ctx));
  await shChecked(ctx.exec, rule.machine, `iptables -I ${rule.chain} 1 ${quoted(rule)}`, 'insert an ACCEPT rule');
}

/** "Fixes" it by flushing the whole filter table on that machine: the hardening rules go too. */
export async function flushFirewall(ctx: FaultContext, params: FirewallPathParams): Promise<void> {
  const { machine } = placeOf(params.place);
  await shChecked(ctx.exec, machine, 'iptables -F', `flush the firewall on ${machine}`);
}

function addresses(ctx: FaultContext): { app: string; store: string } {
  return { app: machineAddress(ctx.env, 'app'), store: machineAddress(ctx.env, 'store') };
}

function quoted(rule: FirewallRule): string {
  return rule.spec.map(shellQuote).join(' ');
}

function appendOnce(rule: FirewallRule): string {
  return `iptables -C ${rule.chain} ${quoted(rule)} 2>/dev/null || iptables -A ${rule.chain} ${quoted(rule)}`;
}

function deleteAll(rule: FirewallRule): string {
  return `for i in 1 2 3 4 5; do iptables -D ${rule.chain} ${quoted(rule)} 2>/dev/null || break; done`;
}

async function checkNoEtcdBlock(ctx: FaultContext, machine: 'app' | 'store'): Promise<Criterion> {
  const name = `no filter rule on ${machine} drops or rejects traffic to the etcd client port ${PORTS.etcdClient}`;
  const save = await ctx.exec.exec(machine, ['iptables-save', '-t', 'filter']);
  if (save.exitCode !== 0) return { name, passed: false, evidence: `iptables-save on ${machine} failed: ${save.stderr.trim()}` };
  const blocks = findEtcdBlocks(save.stdout);
  return {
    name,
    passed: blocks.length === 0,
    evidence: blocks.length === 0 ? `iptables-save -t filter on ${machine}: no DROP/REJECT for port ${PORTS.etcdClient}` : `iptables-save -t filter on ${machine}:\n${blocks.join('\n')}`,
  };
}

async function checkInnocentRulesKept(ctx: FaultContext, params: FirewallPathParams): Promise<Criterion> {
  const rules = innocentRules(params.place);
  const { machine, chain } = placeOf(params.place);
  const script = rules.map((rule) => `iptables -C ${chain} ${quoted(rule)} 2>/dev/null && echo kept || echo "missing: ${rule.spec.join(' ').replace(/"/g, '')}"`).join('\n');
  const result = await ctx.exec.sh(machine, script);
  const missing = result.stdout.split('\n').filter((line) => line.startsWith('missing:'));
  return {
    name: `the ${rules.length} unrelated hardening rules in ${machine}'s ${chain} chain are still in place`,
    passed: result.exitCode === 0 && missing.length === 0,
    evidence: missing.length === 0 ? `iptables -C on ${machine}: all ${rules.length} present` : missing.join('\n'),
  };
}
