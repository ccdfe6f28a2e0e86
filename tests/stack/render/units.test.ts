import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTS, ROLES, UNITS } from '../../../src/stack/topology.js';
import { renderRoleFiles } from '../../../src/stack/render/role-files.js';
import { isSymlink } from '../../../src/stack/render/rendered-file.js';
import type { StackInput } from '../../../src/stack/render/stack-input.js';
import { ORDERS_PORT_PREFIX, renderServiceMasks, SYSUSERS_FILE } from '../../../src/stack/render/units.js';
import { contentOf, makeStackInput, makeTempDir, materialize, runTool } from '../stack-fixture.js';

/**
 * `systemd-analyze verify` reads units from SYSTEMD_UNIT_PATH (a trailing ':'
 * appends the host's own paths, where Debian's units are), so drop-ins under
 * the rendered root apply to the packaged units as they would in the machine.
 */
async function verifyUnits(root: string, units: readonly string[]) {
  const result = await runTool('systemd-analyze', ['verify', '--man=no', ...units], {
    env: { SYSTEMD_UNIT_PATH: `${join(root, 'etc/systemd/system')}:` },
  });
  const complaints = result.output
    .split('\n')
    .filter((line) => /Unknown key|Failed to parse|not executable|Invalid|bad-setting|Unknown section/i.test(line));
  return { ...result, complaints };
}

describe('the rendered systemd units', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: StackInput;
  const roots: Record<string, string> = {};

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('units'));
    ({ input } = await makeStackInput(dir, { loki: { binaryPath: '/usr/bin/true' } }));
    for (const role of ROLES) {
      roots[role] = join(dir, role);
      await materialize(roots[role], renderRoleFiles(role, input));
    }
  });
  afterAll(() => cleanup());

  it('pass systemd-analyze verify on app: both orders instances and the log shipper', async () => {
    const result = await verifyUnits(roots.app!, ['orders@1.service', 'orders@2.service', 'faultline-log-shipper.service']);
    expect(result.complaints).toEqual([]);
    expect(result.exitCode, result.output).toBe(0);
  });

  it('pass systemd-analyze verify on mon: loadgen, alert recorder and the journal sink', async () => {
    const result = await verifyUnits(roots.mon!, [
      'faultline-loadgen.service',
      'faultline-alert-recorder.service',
      'systemd-journal-remote.service',
      'systemd-journal-upload.service',
    ]);
    expect(result.complaints).toEqual([]);
    expect(result.exitCode, result.output).toBe(0);
  });

  it('fail systemd-analyze verify when a drop-in points at a missing program, so the check can fail', async () => {
    const broken = join(dir, 'broken');
    await cp(roots.mon!, broken, { recursive: true, verbatimSymlinks: true });
    const dropIn = join(broken, 'etc/systemd/system/systemd-journal-remote.service.d/faultline.conf');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(dropIn, (await readFile(dropIn, 'utf8')).replace('/lib/systemd/systemd-journal-remote ', '/lib/systemd/no-such-remote '));
    const result = await verifyUnits(broken, ['systemd-journal-remote.service']);
    expect(result.exitCode).not.toBe(0);
    expect(result.complaints.join('\n')).toContain('no-such-remote');
  });

  it('give orders@N the port PORTS.appInstances lists for it', () => {
    const unit = contentOf(renderRoleFiles('app', input), '/etc/systemd/system/orders@.service');
    expect(unit).toContain(`Environment=ORDERS_PORT=${ORDERS_PORT_PREFIX}%i`);
    PORTS.appInstances.forEach((port, index) => expect(`${ORDERS_PORT_PREFIX}${index + 1}`).toBe(String(port)));
    expect(unit).toContain('Environment=ORDERS_INSTANCE=app-%i');
    expect(unit).toContain('User=orders');
    expect(unit).toContain('ExecStart=/usr/bin/node --lite-mode --max-semi-space-size=1 /opt/faultline/orders.js');
  });

  it('enable every faultline unit the topology expects on each role', () => {
    for (const role of ROLES) {
      const links = renderRoleFiles(role, input).filter(isSymlink).map((f) => f.path);
      for (const unit of UNITS[role].filter((u) => u.startsWith('orders@') || u.startsWith('faultline-'))) {
        expect(links, `${role}: ${unit}`).toContain(`/etc/systemd/system/multi-user.target.wants/${unit}`);
      }
    }
  });

  it('mask the packaged services of the other roles and none of the role\'s own', () => {
    const masked = (role: (typeof ROLES)[number]) => renderServiceMasks(role).map((f) => f.path.split('/').pop());
    expect(masked('edge')).toEqual([
      'etcd.service',
      'prometheus.service',
      'prometheus-alertmanager.service',
      'prometheus-blackbox-exporter.service',
    ]);
    expect(masked('store')).not.toContain('etcd.service');
    expect(masked('mon')).toEqual(['nginx.service', 'etcd.service']);
    for (const role of ROLES) for (const unit of UNITS[role]) expect(masked(role), role).not.toContain(unit);
  });
});

describe('the orders user and data directory', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('sysusers'));
    const { input } = await makeStackInput(dir);
    root = join(dir, 'root');
    await mkdir(join(root, 'etc'), { recursive: true });
    for (const file of ['passwd', 'group', 'shadow', 'gshadow']) await cp(`/etc/${file}`, join(root, 'etc', file));
    await materialize(root, renderRoleFiles('app', input));
  });
  afterAll(() => cleanup());

  it('are created by systemd-sysusers and systemd-tmpfiles from the seeded files', async () => {
    expect(await readFile(join(root, SYSUSERS_FILE), 'utf8')).toContain('u orders ');
    const users = await runTool('systemd-sysusers', [`--root=${root}`]);
    expect(users.exitCode, users.output).toBe(0);
    const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
    const orders = passwd.split('\n').find((line) => line.startsWith('orders:'));
    expect(orders).toMatch(/^orders:x:\d+:\d+:faultline orders service:\/var\/lib\/orders:\/usr\/sbin\/nologin$/);
    expect(passwd).toMatch(/^faultline:x:\d+:/m);

    const dirs = await runTool('systemd-tmpfiles', [`--root=${root}`, '--create']);
    expect(dirs.exitCode, dirs.output).toBe(0);
    const info = await stat(join(root, 'var/lib/orders'));
    expect(info.uid).toBe(Number(orders!.split(':')[2]));
    expect(info.mode & 0o777).toBe(0o750);
  });

  it('do not depend on /etc/.updated: the sysusers drop-in clears the unit\'s conditions', async () => {
    const dropIn = await readFile(join(root, 'etc/systemd/system/systemd-sysusers.service.d/faultline.conf'), 'utf8');
    expect(dropIn).toMatch(/^\[Unit\]\nConditionNeedsUpdate=$/m);
  });
});
