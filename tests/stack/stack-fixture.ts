import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { generateEnvironmentPki, type EnvironmentPki } from '../../src/stack/pki.js';
import { isContent, isSymlink, type RenderedFile } from '../../src/stack/render/rendered-file.js';
import { parseStackInput, type StackInput } from '../../src/stack/render/stack-input.js';

/**
 * A /24 inside 127.0.0.0/8: every "machine" address is a loopback address on
 * this host, so tests may bind and connect to them without leaving it.
 */
export const TEST_SUBNET = '127.0.77';

/**
 * Renderer input with placeholder PEMs, for tests that render text only
 * (no nginx or openssl ever reads these certificates).
 */
export const STUB_STACK_INPUT = {
  envId: 'k7f3a2',
  envName: 'demo',
  subnetBase: '10.213.7',
  scenario: 'disk-pressure',
  candidate: 'ada',
  pki: {
    caCertPem: '-----BEGIN CERTIFICATE-----\nca\n',
    edgeCertPem: '-----BEGIN CERTIFICATE-----\nedge\n',
    edgeKeyPem: '-----BEGIN PRIVATE KEY-----\nkey\n',
  },
} as const;

/** A temporary directory, removed by the returned cleanup. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `faultline-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Valid renderer input with a real PKI generated under `dir`. */
export async function makeStackInput(dir: string, extra: Partial<Record<'loki', { binaryPath: string }>> = {}): Promise<{
  input: StackInput;
  pki: EnvironmentPki;
}> {
  const pki = await generateEnvironmentPki(join(dir, 'pki'), { envName: 'demo', edgeAddress: `${TEST_SUBNET}.10` });
  const input = parseStackInput({
    envId: 'k7f3a2',
    envName: 'demo',
    subnetBase: TEST_SUBNET,
    scenario: 'disk-pressure',
    candidate: 'ada',
    pki: { caCertPem: pki.ca.certPem, edgeCertPem: pki.edge.certPem, edgeKeyPem: pki.edge.keyPem },
    ...extra,
  });
  return { input, pki };
}

/** Write rendered files under `root` as the local target would into an upper dir. */
export async function materialize(root: string, files: readonly RenderedFile[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    if (isSymlink(file)) {
      await lstat(target).then(
        () => rm(target),
        () => undefined,
      );
      await symlink(file.symlinkTo, target);
    } else if (isContent(file)) {
      await writeFile(target, file.content, { mode: file.mode ?? 0o644 });
    }
  }
}

/** Find a rendered file with inline content by path, failing loudly when absent. */
export function contentOf(files: readonly RenderedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file || !isContent(file)) throw new Error(`no rendered content at ${path}; have: ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

/** Run a command without throwing; stdout and stderr together. */
export async function runTool(file: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const result = await execa(file, args, { reject: false, all: true, timeout: 60_000, ...options });
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? '') };
}
