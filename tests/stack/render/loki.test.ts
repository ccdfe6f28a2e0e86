import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOKI_BINARY, LOKI_CONFIG, renderLokiConfig, renderLokiFiles } from '../../../src/stack/render/loki.js';
import { renderRoleFiles } from '../../../src/stack/render/role-files.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';
import { STUB_STACK_INPUT } from '../stack-fixture.js';

const base = STUB_STACK_INPUT;

// Loki is not packaged in Debian and cannot be fetched here: these tests render
// and parse its config but cannot run Loki against it.
describe('renderLokiFiles', () => {
  it('renders nothing without a loki binary', () => {
    expect(renderLokiFiles(parseStackInput(base))).toEqual([]);
  });

  it('copies the binary into mon and runs it with its config', () => {
    const files = renderLokiFiles(parseStackInput({ ...base, loki: { binaryPath: '/opt/loki/loki' } }));
    expect(files).toContainEqual({ path: LOKI_BINARY, copyFrom: '/opt/loki/loki', mode: 0o755 });
    const unit = files.find((f) => f.path === '/etc/systemd/system/faultline-loki.service');
    expect(unit && 'content' in unit ? unit.content : '').toContain(`ExecStart=${LOKI_BINARY} -config.file=${LOKI_CONFIG}`);
  });

  it('configures a single node on :3100 with filesystem storage, no auth and 24 h retention', () => {
    const config = parse(renderLokiConfig(parseStackInput(base)));
    expect(config.auth_enabled).toBe(false);
    expect(config.server.http_listen_port).toBe(3100);
    expect(config.common.storage.filesystem.chunks_directory).toMatch(/^\/var\/lib\/loki\//);
    expect(config.schema_config.configs[0]).toMatchObject({ store: 'tsdb', object_store: 'filesystem' });
    expect(config.limits_config.retention_period).toBe('24h');
    expect(config.compactor.retention_enabled).toBe(true);
  });

  it('adds a log shipper pointed at mon on every machine only when Loki runs', () => {
    const shipper = '/etc/systemd/system/faultline-log-shipper.service';
    for (const role of ['edge', 'app', 'store', 'mon'] as const) {
      const withLoki = renderRoleFiles(role, parseStackInput({ ...base, loki: { binaryPath: '/opt/loki/loki' } }));
      const unit = withLoki.find((f) => f.path === shipper);
      expect(unit && 'content' in unit ? unit.content : '', role).toContain('Environment=LOKI_URL=http://mon:3100');
      expect(renderRoleFiles(role, parseStackInput(base)).some((f) => f.path === shipper), role).toBe(false);
    }
  });
});
