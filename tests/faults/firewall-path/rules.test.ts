import { describe, expect, it } from 'vitest';
import { acceptInFront, blockingRule, chainRules, findEtcdBlocks, innocentRules } from '../../../faults/firewall-path/host/rules.js';

const addresses = { app: '10.0.0.11', store: '10.0.0.12' };
const params = { action: 'DROP', place: 'app-output', comment: 'SEC-412 x', position: 2 } as const;

describe('firewall-path rules', () => {
  it('blocks app → store:2379 in app OUTPUT (-d store) or store INPUT (-s app)', () => {
    expect(blockingRule(params, addresses)).toMatchObject({ machine: 'app', chain: 'OUTPUT' });
    expect(blockingRule(params, addresses).spec.slice(0, 2)).toEqual(['-d', '10.0.0.12/32']);
    const store = blockingRule({ ...params, place: 'store-input', action: 'REJECT' }, addresses);
    expect(store).toMatchObject({ machine: 'store', chain: 'INPUT' });
    expect(store.spec.slice(0, 2)).toEqual(['-s', '10.0.0.11/32']);
    expect(store.spec.slice(-2)).toEqual(['-j', 'REJECT']);
  });

  it('hides the rule at its position among the innocent ones', () => {
    const rules = chainRules(params, addresses);
    expect(rules).toHaveLength(innocentRules('app-output').length + 1);
    expect(rules[2]).toEqual(blockingRule(params, addresses));
    expect(chainRules({ ...params, position: 4 }, addresses).at(-1)).toEqual(blockingRule(params, addresses));
  });

  it('finds DROP/REJECT rules for the etcd port in iptables-save output, and nothing else', () => {
    const save = [
      '*filter',
      '-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset',
      '-A OUTPUT -d 10.0.0.12/32 -p tcp -m tcp --dport 2379 -m comment --comment "SEC-412 x" -j DROP',
      '-A OUTPUT -d 10.0.0.12/32 -p tcp -m tcp --dport 2379 -j ACCEPT',
      '-A INPUT -p tcp -m multiport --dports 111,2379 -j REJECT',
      'COMMIT',
    ].join('\n');
    expect(findEtcdBlocks(save)).toHaveLength(2);
    expect(findEtcdBlocks(save.replace(/2379/g, '23790'))).toEqual([]);
  });

  it('the masking ACCEPT matches the same path', () => {
    expect(acceptInFront(params, addresses).spec).toEqual(['-d', '10.0.0.12/32', '-p', 'tcp', '--dport', '2379', '-j', 'ACCEPT']);
  });
});
