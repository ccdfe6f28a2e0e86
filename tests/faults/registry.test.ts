import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS, faultKinds, getFault, getImplementation, implementationFor, listFaultIds, listFaults, validateFaultParams } from '../../faults/registry.js';
import { FAULT_AREAS } from '../../src/core/fault.js';
import { README_SECTIONS } from '../../faults/shared/readme-sections.js';
import { FaultlineError } from '../../src/errors/index.js';
import { REPO_ROOT } from '../../src/core/paths.js';

describe('fault registry', () => {
  it('registers every fault folder under its folder name, with a README and a folder per implementation', async () => {
    const entries = await readdir(join(REPO_ROOT, 'faults'), { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name).sort();
    expect(listFaultIds()).toEqual(folders);
    for (const [id, fault] of FAULTS) {
      expect(fault.id).toBe(id);
      expect((await stat(join(REPO_ROOT, 'faults', id, 'README.md'))).isFile()).toBe(true);
      for (const kind of faultKinds(fault)) expect((await stat(join(REPO_ROOT, 'faults', id, kind, 'index.ts'))).isFile(), `${id}/${kind}`).toBe(true);
    }
  });

  it.each(listFaults().map((f) => [f.id, f] as const))('%s: metadata every tool reads, at least one implementation, wrong fixes in the contract', (_id, fault) => {
    expect(fault.summary.length).toBeGreaterThan(20);
    expect(FAULT_AREAS).toContain(fault.area);
    expect(Number.isInteger(fault.level) && fault.level >= 1 && fault.level <= 6).toBe(true);
    expect(fault.symptomSeconds).toBeGreaterThan(0);
    expect(faultKinds(fault).length).toBeGreaterThan(0);
    for (const kind of faultKinds(fault)) {
      const impl = getImplementation(fault.id, kind);
      expect(impl.wrongFixes.length, kind).toBeGreaterThanOrEqual(1);
      const ids = impl.wrongFixes.map((w) => w.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const wrong of impl.wrongFixes) {
        expect(wrong.id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
        expect(wrong.description.length, wrong.id).toBeGreaterThan(20);
      }
    }
  });

  it.each(listFaultIds())('%s: README has the sections every fault has', async (id) => {
    const readme = await readFile(join(REPO_ROOT, 'faults', id, 'README.md'), 'utf8');
    for (const section of README_SECTIONS) expect(readme, `${id}: ## ${section}`).toMatch(new RegExp(`^## ${section}\\b`, 'm'));
  });

  it.each(listFaults().map((f) => [f.id, f] as const))('%s: symptom within 15 s, or the README says how long and why', async (id, fault) => {
    if (fault.symptomSeconds <= 15) return;
    const readme = await readFile(join(REPO_ROOT, 'faults', id, 'README.md'), 'utf8');
    const seen = /^## What the candidate sees\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    const seconds = [...seen.matchAll(/(\d+) s\b/g)].map((m) => Number(m[1]));
    expect(seconds.some((s) => s > 15), `${id}: symptomSeconds ${fault.symptomSeconds} but "What the candidate sees" names no time above 15 s`).toBe(true);
    expect(seen, `${id}: the reason for the slow symptom`).toMatch(/\b(because|since|longer than|the nature|for: )/);
  });

  it('finds the implementation for a target kind, and says which kinds exist when there is none', () => {
    expect(implementationFor('misrouted-service', 'local')).toBe(getFault('misrouted-service').implementations.host);
    expect(implementationFor('misrouted-service', 'aws')).toBe(getFault('misrouted-service').implementations.kubernetes);
    expect(implementationFor('misrouted-service', 'kubernetes')).toBe(getFault('misrouted-service').implementations.kubernetes);
    const hostOnly = listFaults().find((f) => f.implementations.kubernetes === undefined);
    if (hostOnly) expect(() => getImplementation(hostOnly.id, 'kubernetes')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_TARGET' }));
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
    expect(e.hint).toContain(listFaultIds().join(', '));
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
