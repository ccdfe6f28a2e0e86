import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_PATHS } from '../../../src/access/access-paths.js';
import { renderAccessMachineFiles, toRenderedFiles } from '../../../src/engine/access/access-machine-files.js';
import { envStateSchema, type EnvState } from '../../../src/schema/state.js';
import { isContent, isDirectory, type RenderedFile } from '../../../src/stack/render/rendered-file.js';
import { ROLES } from '../../../src/stack/topology.js';

let home: string;
const saved = process.env.FAULTLINE_HOME;

/** A stand-in base image: just the account files and skel the access seed reads. */
async function writeFakeImage(): Promise<{ rootfs: string }> {
  const rootfs = join(home, 'images', 'fake-base');
  await mkdir(join(rootfs, 'etc', 'skel'), { recursive: true });
  await writeFile(join(rootfs, 'etc', 'os-release'), 'ID=debian\n');
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nadm:x:4:\nshadow:x:42:\nsystemd-journal:x:999:\n');
  await writeFile(join(rootfs, 'etc', 'shadow'), 'root:*:19000:0:99999:7:::\n');
  await writeFile(join(rootfs, 'etc', 'gshadow'), 'root:*::\nadm:*::\nshadow:*::\nsystemd-journal:!*::\n');
  await writeFile(join(rootfs, 'etc', 'skel', '.bashrc'), '# skel bashrc\n');
  return { rootfs };
}

function fakeState(name: string): EnvState {
  return envStateSchema.parse({
    version: 1,
    id: 'abc123',
    name,
    scenario: 'baseline',
    scenarioPath: '/nonexistent/baseline.yaml',
    candidate: 'ada',
    seed: 1,
    target: 'local',
    createdAt: '2025-03-04T09:58:00.000Z',
    expiresAt: '2025-03-04T11:58:00.000Z',
    phase: 'provisioning',
    subnet: '10.254.251',
    bridge: 'flb-abc123',
    machines: [],
  });
}

const byPath = (files: readonly RenderedFile[], path: string): RenderedFile | undefined => files.find((file) => file.path === path);
const contentOf = (files: readonly RenderedFile[], path: string): string => {
  const file = byPath(files, path);
  return file && isContent(file) ? file.content : '';
};

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'faultline-access-files-'));
  process.env.FAULTLINE_HOME = home;
});
afterEach(async () => {
  if (saved === undefined) delete process.env.FAULTLINE_HOME;
  else process.env.FAULTLINE_HOME = saved;
  await rm(home, { recursive: true, force: true });
});

describe('renderAccessMachineFiles', () => {
  it('gives every machine its own host key, the same authorized key, and the candidate account on top of the image’s', async () => {
    const image = await writeFakeImage();
    const files = await renderAccessMachineFiles(fakeState('baseline-ada-abc123'), image);
    expect([...files.keys()]).toEqual([...ROLES]);
    const hostKeys = ROLES.map((role) => contentOf(files.get(role) ?? [], `${ACCESS_PATHS.hostKey}.pub`));
    expect(new Set(hostKeys).size).toBe(ROLES.length);
    const authorized = ROLES.map((role) => contentOf(files.get(role) ?? [], `${ACCESS_PATHS.authorizedKeysDir}/candidate`));
    expect(new Set(authorized).size).toBe(1);
    expect(authorized[0]).toMatch(/^ssh-ed25519 \S+ candidate@env-abc123\n$/);

    const edge = files.get('edge') ?? [];
    expect(contentOf(edge, '/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/bash\ncandidate:x:1000:1000:faultline candidate:/home/candidate:/bin/bash\n');
    expect(byPath(edge, '/etc/shadow')).toMatchObject({ mode: 0o640, gid: 42 });
    expect(byPath(edge, '/home/candidate')).toMatchObject({ directory: true, mode: 0o750, uid: 1000, gid: 1000 });
    expect(byPath(edge, '/home/candidate/.bashrc')).toMatchObject({ content: '# skel bashrc\n', uid: 1000, gid: 1000 });
    expect(byPath(edge, ACCESS_PATHS.sessionsDir)).toMatchObject({ directory: true, mode: 0o1733 });
    expect(contentOf(edge, ACCESS_PATHS.sshdDropIn)).toContain('PasswordAuthentication no');
  });

  it('renders the same keys again for the same environment (reset keeps access valid)', async () => {
    const image = await writeFakeImage();
    const first = await renderAccessMachineFiles(fakeState('baseline-ada-abc123'), image);
    const second = await renderAccessMachineFiles(fakeState('baseline-ada-abc123'), image);
    for (const role of ROLES) {
      expect(contentOf(second.get(role) ?? [], ACCESS_PATHS.hostKey)).toBe(contentOf(first.get(role) ?? [], ACCESS_PATHS.hostKey));
    }
  });
});

describe('toRenderedFiles', () => {
  it('keeps kind, mode and owner, and adds no owner where the seed has none', () => {
    const files = toRenderedFiles([
      { kind: 'dir', path: '/d', mode: 0o1733 },
      { kind: 'file', path: '/d/f', content: 'x', mode: 0o600, uid: 7, gid: 8 },
    ]);
    expect(files).toEqual([
      { path: '/d', directory: true, mode: 0o1733 },
      { path: '/d/f', content: 'x', mode: 0o600, uid: 7, gid: 8 },
    ]);
    expect(files.map((file) => isDirectory(file))).toEqual([true, false]);
  });
});
