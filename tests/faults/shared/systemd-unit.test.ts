import { describe, expect, it } from 'vitest';
import { dropInPath, ordersPort, ordersUnit, parseSystemctlShow, restartAndWaitScript, showValue } from '../../../faults/shared/systemd-unit.js';
import { judgeOrdersProcess, parseUnitProcess } from '../../../faults/shared/unit-process.js';

describe('systemd-unit helpers', () => {
  it('names units, ports and drop-ins of the orders instances', () => {
    expect(ordersUnit(2)).toBe('orders@2.service');
    expect(ordersPort(1)).toBe(8081);
    expect(ordersPort(2)).toBe(8082);
    expect(dropInPath('orders@1.service', 'x.conf')).toBe('/etc/systemd/system/orders@1.service.d/x.conf');
  });

  it('parses systemctl show, keeping repeated keys in order', () => {
    const show = parseSystemctlShow('LoadState=bad-setting\nExecStart={ path=/a ; argv[]=/a }\nExecStart={ path=/b ; argv[]=/b x=y }\nUser=\n');
    expect(showValue(show, 'LoadState')).toBe('bad-setting');
    expect(show.get('ExecStart')).toEqual(['{ path=/a ; argv[]=/a }', '{ path=/b ; argv[]=/b x=y }']);
    expect(showValue(show, 'User')).toBe('');
    expect(showValue(show, 'Missing')).toBe('');
  });

  it('the restart script waits for the main process to listen when given a port', () => {
    expect(restartAndWaitScript('orders@1.service', 10, 8081)).toContain('ss -ltnpH "sport = :8081"');
    expect(restartAndWaitScript('orders@1.service')).not.toContain('ss -ltnpH');
  });
});

describe('unit-process', () => {
  const out = (over: Record<string, string>) =>
    Object.entries({
      ActiveState: 'active',
      SubState: 'running',
      MainPID: '45',
      Age: '4',
      User: 'orders',
      Cmdline: '/usr/bin/node /opt/faultline/orders.js ',
      Listeners: '45 ',
      ...over,
    })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');

  it('parses the facts and how long the unit has been active', () => {
    const p = parseUnitProcess(out({}));
    expect(p).toMatchObject({ activeState: 'active', mainPid: 45, user: 'orders', listeners: [45] });
    expect(p.activeForSeconds).toBe(4);
  });

  it('passes only when the unit’s own main process serves the port as orders', () => {
    expect(judgeOrdersProcess('orders@1.service', parseUnitProcess(out({})), 8081).passed).toBe(true);
    // A copy started by hand listens; the unit is not running.
    expect(judgeOrdersProcess('orders@1.service', parseUnitProcess(out({ ActiveState: 'activating', SubState: 'auto-restart', MainPID: '0', User: '', Cmdline: '', Listeners: '77' })), 8081).passed).toBe(false);
    expect(judgeOrdersProcess('orders@1.service', parseUnitProcess(out({ User: 'root' })), 8081).passed).toBe(false);
    expect(judgeOrdersProcess('orders@1.service', parseUnitProcess(out({ Listeners: '46' })), 8081).passed).toBe(false);
  });
});
