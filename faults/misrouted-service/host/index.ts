import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion, type Observation } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { PATHS, PORTS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { machineAddress } from '../../shared/machine-address.js';
import { describeSample, sampleEdge } from './edge-sample.js';
import { dnatRuleSpec, findAppRedirects, type DnatRule } from './nat-rule.js';
import {
  misroutedServiceParams,
  resolveMisroutedServiceParams,
  type MisroutedServiceParams,
} from './params.js';
import {
  brokenPortSwaps,
  findUpstreamProblems,
  invertPortSwaps,
  listUpstreamServers,
  swapUpstreamPorts,
} from './upstream-block.js';

export type { MisroutedServiceParams } from './params.js';

/** Requests sent through the edge by symptom and verify. */
const SAMPLE_SIZE = 20;
const ALERTS = ['OrdersHighErrorRate', 'EdgeProbeFailing'] as const;
const RELOAD_NGINX = 'nginx -t 2>&1 && systemctl reload-or-restart nginx';

/**
 * The edge sends part (or all) of /api/ traffic somewhere that is not the
 * orders service: an upstream `server` line with the wrong port, or a stray
 * iptables DNAT rule on the edge.
 */
export const misroutedServiceHost: FaultImplementation<MisroutedServiceParams> = {
  params: misroutedServiceParams,
  resolveParams: resolveMisroutedServiceParams,

  async inject(ctx, params) {
    if (params.variant === 'upstream-port') {
      await rewriteUpstream(ctx, brokenPortSwaps(params), 'point the orders upstream at the wrong port');
    } else {
      const rule = dnatRule(ctx, params);
      const spec = dnatRuleSpec(rule).map(shellQuote).join(' ');
      await shChecked(
        ctx.exec,
        'edge',
        // Reload nginx so idle keepalive connections to the instance (already past NAT) are dropped.
        `set -e\niptables -t nat -C OUTPUT ${spec} 2>/dev/null || iptables -t nat -I OUTPUT ${spec}\nsystemctl reload-or-restart nginx`,
        'add the DNAT rule',
      );
    }
    ctx.log(`misrouted-service: ${params.variant} injected`, { ...params });
  },

  async symptom(ctx) {
    const sample = await sampleEdge(ctx, SAMPLE_SIZE);
    const alerts = await describeAlertStates(ctx, ALERTS);
    return {
      observed: sample.bad > 0,
      evidence: `${describeSample(sample)}\n${alerts}`,
    } satisfies Observation;
  },

  async verify(ctx) {
    const sample = await sampleEdge(ctx, SAMPLE_SIZE);
    const expected = PORTS.appInstances.map((_, i) => `app-${i + 1}`);
    const criteria: Criterion[] = [
      {
        name: `${SAMPLE_SIZE} requests through the edge are all answered by orders`,
        passed: sample.bad === 0,
        evidence: describeSample(sample),
      },
      {
        name: 'both orders instances answer through the edge',
        passed: expected.every((instance) => sample.instances.includes(instance)),
        evidence: `expected ${expected.join(' and ')}; seen ${sample.instances.join(', ') || 'none'}`,
      },
      await checkUpstreamConfig(ctx),
      await checkNatRules(ctx),
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    if (params.variant === 'upstream-port') {
      await rewriteUpstream(ctx, invertPortSwaps(brokenPortSwaps(params)), 'restore the orders upstream ports');
    } else {
      await removeDnatRule(ctx, params);
    }
  },

  async revert(ctx, params) {
    if (params.variant === 'upstream-port') {
      await rewriteUpstream(ctx, invertPortSwaps(brokenPortSwaps(params)), 'restore the orders upstream ports');
    } else {
      await removeDnatRule(ctx, params);
    }
    ctx.log('misrouted-service: reverted', { variant: params.variant });
  },

  wrongFixes: [
    {
      id: 'restart-nginx',
      description:
        'Restart nginx: the same config and NAT rule come back, so requests keep reaching something that is not orders.',
      apply: wrongFix,
    },
  ],
};

/** Masks the symptom without fixing the routing: restart nginx (same config, same NAT rule). */
async function wrongFix(ctx: FaultContext, _params: MisroutedServiceParams): Promise<void> {
  await shChecked(ctx.exec, 'edge', 'systemctl restart nginx', 'restart nginx');
}

async function rewriteUpstream(ctx: FaultContext, swaps: ReturnType<typeof brokenPortSwaps>, what: string): Promise<void> {
  const text = await ctx.exec.readFile('edge', PATHS.nginxSite);
  if (listUpstreamServers(text) === undefined) {
    throw new FaultlineError('FAULT_FAILED', `${PATHS.nginxSite} on edge has no "upstream orders" block.`, {
      hint: 'The nginx site renderer and this fault disagree about the upstream name.',
    });
  }
  const changed = swapUpstreamPorts(text, swaps);
  if (changed === text) return;
  await ctx.exec.writeFile('edge', PATHS.nginxSite, changed, 0o644);
  await shChecked(ctx.exec, 'edge', RELOAD_NGINX, what);
}

function dnatRule(ctx: FaultContext, params: MisroutedServiceParams): DnatRule {
  const [targetRole, targetPort] = params.redirectTo.split(':') as ['mon' | 'store', string];
  const [port1, port2] = PORTS.appInstances;
  return {
    appAddress: machineAddress(ctx.env, 'app'),
    appPort: params.instance === 1 ? port1 : port2,
    toAddress: machineAddress(ctx.env, targetRole),
    toPort: Number(targetPort),
    comment: params.ruleComment,
  };
}

async function removeDnatRule(ctx: FaultContext, params: MisroutedServiceParams): Promise<void> {
  const spec = dnatRuleSpec(dnatRule(ctx, params)).map(shellQuote).join(' ');
  await shChecked(
    ctx.exec,
    'edge',
    `set -e\nfor i in 1 2 3 4 5; do iptables -t nat -D OUTPUT ${spec} 2>/dev/null || break; done\nsystemctl reload-or-restart nginx`,
    'remove the DNAT rule',
  );
}

async function checkUpstreamConfig(ctx: FaultContext): Promise<Criterion> {
  const name = `nginx "upstream orders" lists app:${PORTS.appInstances.join(' and app:')}`;
  const dump = await ctx.exec.exec('edge', ['nginx', '-T']);
  if (dump.exitCode !== 0) {
    return { name, passed: false, evidence: `nginx -T on edge failed (exit ${dump.exitCode}): ${dump.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  }
  const servers = listUpstreamServers(dump.stdout);
  if (servers === undefined) return { name, passed: false, evidence: 'nginx -T on edge: no "upstream orders" block' };
  const problems = findUpstreamProblems(servers, ['app', machineAddress(ctx.env, 'app')]);
  const passed = servers.length > 0 && problems.length === 0;
  return {
    name,
    passed,
    evidence: `nginx -T on edge: upstream orders { ${servers.map((s) => `${s.text};`).join(' ')} }${problems.length ? ` — ${problems.join('; ')}` : ''}`,
  };
}

async function checkNatRules(ctx: FaultContext): Promise<Criterion> {
  const name = 'no NAT rule on edge redirects traffic meant for the orders instances';
  const save = await ctx.exec.exec('edge', ['iptables-save', '-t', 'nat']);
  if (save.exitCode !== 0) {
    return { name, passed: false, evidence: `iptables-save -t nat on edge failed (exit ${save.exitCode}): ${save.stderr.trim()}` };
  }
  const redirects = findAppRedirects(save.stdout, machineAddress(ctx.env, 'app'));
  return {
    name,
    passed: redirects.length === 0,
    evidence: redirects.length === 0 ? 'iptables-save -t nat on edge: no DNAT/REDIRECT rule for the app address or ports 8081/8082' : `iptables-save -t nat on edge:\n${redirects.join('\n')}`,
  };
}
