import { run, tryRun } from '../../utils/run.js';
import { ruleComment } from './naming.js';

/**
 * Host iptables rules that isolate an environment: machines may answer the
 * host (ESTABLISHED) but never open connections to it, and nothing is
 * forwarded between the bridge and any other interface (no egress, no NAT).
 * Each rule carries the comment `faultline:<id>` so removal finds them all.
 */
export async function isolateBridge(envId: string, bridge: string): Promise<void> {
  const tag = ['-m', 'comment', '--comment', ruleComment(envId)];
  await removeEnvRules(envId);
  await run('iptables', ['-w', '-I', 'INPUT', '1', '-i', bridge, ...tag, '-j', 'DROP']);
  await run('iptables', ['-w', '-I', 'INPUT', '1', '-i', bridge, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', ...tag, '-j', 'ACCEPT']);
  await run('iptables', ['-w', '-I', 'FORWARD', '1', '-i', bridge, '!', '-o', bridge, ...tag, '-j', 'DROP']);
  await run('iptables', ['-w', '-I', 'FORWARD', '1', '-o', bridge, '!', '-i', bridge, ...tag, '-j', 'DROP']);
}

/** Delete every rule, in every table, whose comment names this environment. Idempotent. */
export async function removeEnvRules(envId: string): Promise<void> {
  for (const rule of await listEnvRules(envId)) {
    await tryRun('iptables', ['-w', '-t', rule.table, ...toDeleteArgs(rule.spec)]);
  }
}

export interface TaggedRule {
  readonly table: string;
  /** The rule as iptables-save prints it, e.g. `-A INPUT -i flb-… -j DROP`. */
  readonly spec: string;
  readonly envId: string;
}

/** Every rule carrying a faultline comment (optionally only this env's). */
export async function listEnvRules(envId?: string): Promise<TaggedRule[]> {
  const out = await run('iptables-save', []).catch(() => '');
  const rules: TaggedRule[] = [];
  let table = 'filter';
  for (const line of out.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const match = /faultline:([0-9a-f]{6})/.exec(line);
    if (line.startsWith('-A ') && match?.[1] && (!envId || match[1] === envId)) {
      rules.push({ table, spec: line, envId: match[1] });
    }
  }
  return rules;
}

/** Turn `-A CHAIN args…` into `-D CHAIN args…` split like a shell would (quotes kept together). */
function toDeleteArgs(spec: string): string[] {
  const words = spec.match(/"[^"]*"|\S+/g) ?? [];
  return ['-D', ...words.slice(1).map((w) => w.replace(/^"(.*)"$/, '$1'))];
}
