import { describe, expect, it } from 'vitest';
import { dropInPath, renderTraceDropIn, tracePath } from '../../../faults/disk-pressure/host/drop-in.js';
import { findTraceLogsOnVolume, traceConfigScript } from '../../../faults/disk-pressure/host/trace-config.js';
import { execa } from 'execa';

const params = { instance: 1, traceFile: 'trace.log', dropIn: 'debug.conf', padBytes: 65536 } as const;

describe('the debug drop-in', () => {
  it('turns on a padded trace log inside the data volume for one instance', () => {
    expect(dropInPath(params)).toBe('/etc/systemd/system/orders@1.service.d/debug.conf');
    expect(tracePath(params)).toBe('/var/lib/orders/trace.log');
    const text = renderTraceDropIn(params);
    expect(text).toMatch(/^\[Service\]$/m);
    expect(text).toContain('Environment=ORDERS_TRACE_LOG=/var/lib/orders/trace.log\n');
    expect(text).toContain('Environment=ORDERS_TRACE_PAD_BYTES=65536\n');
  });

  it('is caught by the verify check until it is gone from both the unit and the running process', () => {
    const unitOnly = [
      'orders@1.service unit: ORDERS_PORT=8081 ORDERS_INSTANCE=app-1 ORDERS_TRACE_LOG=/var/lib/orders/trace.log ORDERS_TRACE_PAD_BYTES=65536',
      'orders@1.service drop-ins: /etc/systemd/system/orders@1.service.d/debug.conf',
      'orders@1.service process 311: ',
      'orders@2.service unit: ORDERS_PORT=8082 ORDERS_INSTANCE=app-2',
      'orders@2.service drop-ins: ',
      'orders@2.service process 312: ',
    ].join('\n');
    expect(findTraceLogsOnVolume(unitOnly, '/var/lib/orders')).toHaveLength(1);

    const processOnly = unitOnly
      .replace(' ORDERS_TRACE_LOG=/var/lib/orders/trace.log ORDERS_TRACE_PAD_BYTES=65536', '')
      .replace('process 311: ', 'process 311: ORDERS_TRACE_LOG=/var/lib/orders/trace.log ORDERS_TRACE_PAD_BYTES=65536 ');
    expect(findTraceLogsOnVolume(processOnly, '/var/lib/orders')).toEqual([
      'orders@1.service process 311: ORDERS_TRACE_LOG=/var/lib/orders/trace.log ORDERS_TRACE_PAD_BYTES=65536 ',
    ]);

    const elsewhere = unitOnly.replaceAll('/var/lib/orders/trace.log', '/var/log/orders/trace.log');
    expect(findTraceLogsOnVolume(elsewhere, '/var/lib/orders')).toEqual([]);
  });

  it('the config probe is valid bash', async () => {
    const result = await execa('bash', ['-n', '-c', traceConfigScript()], { reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
