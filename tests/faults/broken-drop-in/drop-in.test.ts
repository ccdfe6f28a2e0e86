import { describe, expect, it } from 'vitest';
import { renderBrokenDropIn } from '../../../faults/broken-drop-in/host/drop-in.js';
import { resolveBrokenDropInParams } from '../../../faults/broken-drop-in/host/params.js';
import { unitConfigProblems } from '../../../faults/broken-drop-in/host/unit-config.js';
import { createRng } from '../../../src/core/rng.js';

const params = resolveBrokenDropInParams({}, createRng(1));

describe('broken-drop-in drop-in', () => {
  it('duplicate-execstart adds a second ExecStart= without the empty reset line', () => {
    const text = renderBrokenDropIn({ ...params, variant: 'duplicate-execstart', nodeFlag: '--enable-source-maps' });
    expect(text).toContain('ExecStart=/usr/bin/node --enable-source-maps /opt/faultline/orders.js');
    expect(text).not.toMatch(/^ExecStart=$/m);
  });

  it('missing-environment-file requires the file (no "-" prefix); unknown-user names the account', () => {
    expect(renderBrokenDropIn({ ...params, variant: 'missing-environment-file', envFile: '/etc/default/orders' })).toMatch(/^EnvironmentFile=\/etc\/default\/orders$/m);
    expect(renderBrokenDropIn({ ...params, variant: 'unknown-user', user: 'ordersd' })).toMatch(/^User=ordersd$/m);
  });
});

describe('broken-drop-in unit config', () => {
  const healthy = 'LoadState=loaded\nExecStart={ path=/usr/bin/node ; argv[]=/usr/bin/node /opt/faultline/orders.js ; ignore_errors=no }\nUser=orders\nUserExists=yes\n';

  it('a healthy unit has no problems', () => {
    expect(unitConfigProblems(healthy, 'orders')).toEqual([]);
  });

  it('names each way the loaded config cannot start the service', () => {
    expect(unitConfigProblems(healthy.replace('loaded', 'bad-setting'), 'orders')).toEqual(['LoadState=bad-setting']);
    expect(unitConfigProblems(`${healthy}ExecStart={ path=/usr/bin/node ; argv[]=/usr/bin/node --x /opt/faultline/orders.js }\n`, 'orders')[0]).toMatch(/2 ExecStart=/);
    expect(unitConfigProblems(healthy.replace('User=orders\nUserExists=yes', 'User=ordersd\nUserExists=no'), 'orders')).toEqual(['User=ordersd does not exist']);
    expect(unitConfigProblems(healthy.replace('User=orders\nUserExists=yes', 'User=ordersd\nUserExists=yes'), 'orders')[0]).toMatch(/not orders/);
    expect(unitConfigProblems(`${healthy}EnvFileExists=/etc/orders/orders.env no\n`, 'orders')).toEqual(['EnvironmentFile=/etc/orders/orders.env does not exist']);
  });
});
