import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS, getFault, listFaultIds, validateFaultParams } from '../../faults/registry.js';
import { FaultlineError } from '../../src/errors/index.js';
import { REPO_ROOT } from '../../src/core/paths.js';

describe('fault registry', () => {
  it('registers every fault folder under its folder name, with a README', async () => {
    const entries = await readdir(join(REPO_ROOT, 'faults'), { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name).sort();
    expect(listFaultIds()).toEqual(folders);
    for (const [id, fault] of FAULTS) {
      expect(fault.id).toBe(id);
      expect((await stat(join(REPO_ROOT, 'faults', id, 'README.md'))).isFile()).toBe(true);
    }
  });

  it('pairs each host fault with a kubernetes variant named <id>-k8s', () => {
    for (const id of ['misrouted-service', 'disk-pressure', 'bad-alert-rule']) {
      expect(getFault(id).appliesTo).toBe('host');
      expect(getFault(`${id}-k8s`).appliesTo).toBe('kubernetes');
    }
  });

  it('an unknown id fails with UNKNOWN_FAULT naming the known ids', () => {
    let error: unknown;
    try {
      getFault('disk-presure');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FaultlineError);
    const e = error as FaultlineError;
    expect(e.code).toBe('UNKNOWN_FAULT');
    expect(e.message).toContain('"disk-presure"');
    expect(e.hint).toMatch(/bad-alert-rule, bad-alert-rule-k8s, .*disk-pressure/);
  });

  it('valid params come back parsed', () => {
    expect(validateFaultParams('misrouted-service', { variant: 'nat-redirect', instance: 2 })).toEqual({ variant: 'nat-redirect', instance: 2 });
    expect(validateFaultParams('disk-pressure', undefined)).toEqual({});
  });

  it('invalid params fail with INVALID_PARAMS and one line per problem: path, expected, got', () => {
    let error: unknown;
    try {
      validateFaultParams('bad-alert-rule', { variant: 'typo', instance: '2', colour: 'red' });
    } catch (e) {
      error = e;
    }
    const e = error as FaultlineError;
    expect(e.code).toBe('INVALID_PARAMS');
    expect(e.exitCode).toBe(22);
    expect(e.message).toBe('Fault "bad-alert-rule" has 3 invalid params:');
    expect(e.details).toHaveLength(3);
    expect(e.details.find((l) => l.startsWith('params.variant:'))).toMatch(/"wrong-metric".*got "typo"/);
    expect(e.details.find((l) => l.startsWith('params.instance:'))).toContain('got "2"');
    expect(e.details.find((l) => l.startsWith('params:'))).toContain('"colour"');
  });

  it('a cross-field rule is reported at the field it concerns', () => {
    expect(() => validateFaultParams('misrouted-service', { variant: 'nat-redirect', instance: 'both' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS', details: [expect.stringMatching(/^params\.instance: nat-redirect redirects one instance/)] }),
    );
  });
});
