import { describe, expect, it } from 'vitest';
import { cgroupChainScript, parseCgroupChain, parseKeyedCounters } from '../../../faults/shared/cgroup-v1.js';
import { describeSetting, parsePersistentSetting, settingLinesScript } from '../../../faults/shared/persistent-setting.js';

describe('persistent unit settings', () => {
  it('the last line outside /run wins; /run lines are reported as runtime-only', () => {
    const setting = parsePersistentSetting(
      '/etc/systemd/system/orders@.service.d/memory-guard.conf\t48M\n/run/systemd/system.control/orders@1.service.d/50-MemoryMax.conf\t268435456\n',
    );
    expect(setting.value).toBe('48M');
    expect(setting.runtime).toEqual([{ path: '/run/systemd/system.control/orders@1.service.d/50-MemoryMax.conf', value: '268435456' }]);
    expect(describeSetting('MemoryMax', setting)).toContain('memory-guard.conf: MemoryMax=48M');
    expect(parsePersistentSetting('/etc/systemd/system/a.conf\t3%\n/etc/systemd/system/zz.conf\t\n').value).toBe('');
    expect(parsePersistentSetting('').value).toBeUndefined();
  });

  it('reads the fragment and the drop-ins in systemd order', () => {
    const script = settingLinesScript('orders@1.service', 'CPUQuota');
    expect(script).toContain("systemctl show -p FragmentPath --value 'orders@1.service'");
    expect(script).toContain('DropInPaths');
    expect(script).toContain('CPUQuota=');
  });
});

describe('cgroup v1 chains', () => {
  it('groups file values by cgroup, innermost first', () => {
    const chain = parseCgroupChain('/a/b\tcpu.cfs_quota_us\t3000\n/a/b\tcpu.stat\tnr_periods 5 nr_throttled 4 \n/a\tcpu.cfs_quota_us\t-1\n/\tcpu.cfs_quota_us\t-1\n');
    expect(chain).toEqual([
      { path: '/a/b', files: { 'cpu.cfs_quota_us': '3000', 'cpu.stat': 'nr_periods 5 nr_throttled 4' } },
      { path: '/a', files: { 'cpu.cfs_quota_us': '-1' } },
      { path: '/', files: { 'cpu.cfs_quota_us': '-1' } },
    ]);
    expect(parseKeyedCounters(chain[0]?.files['cpu.stat']).get('nr_throttled')).toBe(4);
    expect(cgroupChainScript('orders@1.service', 'memory', ['memory.limit_in_bytes'])).toContain('$2 == "memory"');
  });
});
