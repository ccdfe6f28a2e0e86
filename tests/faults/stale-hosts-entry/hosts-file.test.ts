import { describe, expect, it } from 'vitest';
import { breakHosts, isAddressLiteral, parseResolution, repairHosts } from '../../../faults/stale-hosts-entry/host/hosts-file.js';

const hosts = '127.0.0.1\tlocalhost\n\n# faultline environment e (abc)\n10.0.0.10\tedge edge.e.faultline\n10.0.0.12\tstore store.e.faultline\n';

describe('stale-hosts-entry hosts file', () => {
  it('stale-line-first puts an old store line above the environment block; repair removes it', () => {
    const broken = breakHosts(hosts, { variant: 'stale-line-first', oldOctet: 42 }, '10.0.0.12', '10.0.0.42');
    const lines = broken.split('\n');
    expect(lines.findIndex((l) => l.startsWith('10.0.0.42\tstore'))).toBeLessThan(lines.findIndex((l) => l.startsWith('10.0.0.12\tstore')));
    expect(repairHosts(broken, '10.0.0.12', '10.0.0.42')).toBe(hosts);
  });

  it('edited-in-place changes the store line’s address; repair puts it back', () => {
    const broken = breakHosts(hosts, { variant: 'edited-in-place', oldOctet: 42 }, '10.0.0.12', '10.0.0.42');
    expect(broken).toContain('10.0.0.42\tstore store.e.faultline');
    expect(broken).not.toContain('10.0.0.12');
    expect(repairHosts(broken, '10.0.0.12', '10.0.0.42')).toBe(hosts);
  });

  it('refuses a hosts file without a store line', () => {
    expect(() => breakHosts('127.0.0.1 localhost\n', { variant: 'edited-in-place', oldOctet: 42 }, '10.0.0.12', '10.0.0.42')).toThrow(/no line for store/);
  });

  it('parses what each instance resolves and tells names from addresses', () => {
    expect(parseResolution('orders@1.service url=http://store:2379 host=store resolves=10.0.0.42\n')).toEqual([
      { unit: 'orders@1.service', url: 'http://store:2379', host: 'store', resolves: '10.0.0.42' },
    ]);
    expect(isAddressLiteral('10.0.0.12')).toBe(true);
    expect(isAddressLiteral('store')).toBe(false);
  });
});
