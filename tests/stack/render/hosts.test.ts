import { describe, expect, it } from 'vitest';
import { renderHosts, renderHostsFiles } from '../../../src/stack/render/hosts.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';
import { STUB_STACK_INPUT } from '../stack-fixture.js';

const input = parseStackInput(STUB_STACK_INPUT);

describe('renderHostsFiles', () => {
  it('names the machine after its role', () => {
    expect(renderHostsFiles('store', input).find((f) => f.path === '/etc/hostname')?.content).toBe('store\n');
  });

  it('resolves every role by short and long name, and localhost', () => {
    const entries = renderHosts(input)
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/\s+/));
    const lookup = (name: string) => entries.filter((e) => e.slice(1).includes(name)).map((e) => e[0]);
    expect(lookup('edge')).toEqual(['10.213.7.10']);
    expect(lookup('app')).toEqual(['10.213.7.11']);
    expect(lookup('store.demo.internal')).toEqual(['10.213.7.12']);
    expect(lookup('mon')).toEqual(['10.213.7.13']);
    expect(lookup('localhost')).toEqual(['127.0.0.1', '::1']);
  });

  it('is the same on every machine', () => {
    const hosts = (['edge', 'app', 'store', 'mon'] as const).map(
      (role) => renderHostsFiles(role, input).find((f) => f.path === '/etc/hosts')?.content,
    );
    expect(new Set(hosts).size).toBe(1);
  });
});
