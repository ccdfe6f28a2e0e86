import { describe, expect, it } from 'vitest';
import { breakScript, parsePerms, permsProblems, restoreScript } from '../../../faults/data-dir-permissions/host/volume-perms.js';

describe('data-dir-permissions', () => {
  const healthy = 'd orders orders 750 /var/lib/orders\nf orders orders 640 /var/lib/orders/orders.jsonl\n';

  it('parses find -printf output', () => {
    expect(parsePerms(healthy)).toEqual([
      { type: 'd', user: 'orders', group: 'orders', mode: 0o750, path: '/var/lib/orders' },
      { type: 'f', user: 'orders', group: 'orders', mode: 0o640, path: '/var/lib/orders/orders.jsonl' },
    ]);
  });

  it('the healthy volume has no problems; each broken shape is named', () => {
    expect(permsProblems(parsePerms(healthy), 'orders')).toEqual([]);
    expect(permsProblems(parsePerms(healthy.replace(/orders orders/g, 'root root')), 'orders')).toHaveLength(2);
    expect(permsProblems(parsePerms('d orders orders 550 /var/lib/orders\n'), 'orders')[0]).toMatch(/cannot create files/);
    expect(permsProblems(parsePerms('f orders orders 777 /var/lib/orders/orders.jsonl\n'), 'orders')).toEqual([
      '/var/lib/orders/orders.jsonl is mode 0777 (open to every user on the host)',
    ]);
  });

  it('breaks by owner or by mode, and restores what was recorded', () => {
    expect(breakScript('/var/lib/orders', { variant: 'owner', owner: 'backup' })).toBe("chown -R backup: '/var/lib/orders'\n");
    expect(breakScript('/var/lib/orders', { variant: 'read-only', owner: 'root' })).toBe("chmod -R a-w '/var/lib/orders'\n");
    expect(restoreScript(parsePerms(healthy))).toContain("chown 'orders:orders' '/var/lib/orders/orders.jsonl' && chmod 640");
  });
});
