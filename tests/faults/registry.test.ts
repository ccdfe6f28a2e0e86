import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS, faultKinds, getFault, getImplementation, implementationFor, listFaultIds, listFaults } from '../../faults/registry.js';
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
    const both = listFaults().find((f) => f.implementations.host !== undefined && f.implementations.kubernetes !== undefined);
    expect(both, 'a fault with host and kubernetes implementations').toBeDefined();
    const { id, implementations } = both!;
    expect(implementationFor(id, 'local')).toBe(implementations.host);
    expect(implementationFor(id, 'aws')).toBe(implementations.kubernetes);
    expect(implementationFor(id, 'kubernetes')).toBe(implementations.kubernetes);
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
});
