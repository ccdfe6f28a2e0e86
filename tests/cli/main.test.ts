import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { REPO_ROOT } from '../../src/core/paths.js';
import { main } from '../../src/cli/main.js';

const home = mkdtempSync(join(tmpdir(), 'fl-cli-main-'));
process.env.FAULTLINE_HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the CLI entry', () => {
  for (const spec of COMMANDS.filter((c) => c.maxPositionals !== 'unbounded')) {
    it(`${spec.name}: one positional argument too many is a usage error (exit 2) naming it, and nothing runs`, async () => {
      const max = spec.maxPositionals as number;
      const errors: string[] = [];
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        errors.push(String(chunk));
        return true;
      });
      try {
        const args = [...Array.from({ length: max }, (_, i) => `arg${i}`), 'surplus-arg'];
        expect(await main([spec.name, ...args])).toBe(2);
      } finally {
        stderr.mockRestore();
      }
      expect(errors.join('')).toContain('"surplus-arg"');
      expect(readdirSync(home)).toEqual([]);
    });
  }
});

describe('--seed', () => {
  for (const spec of COMMANDS.filter((c) => 'seed' in c.flags)) {
    it(`${spec.name}: a valid --seed gets past flag parsing (the run fails later, on the unknown scenario, not on the seed)`, async () => {
      const errors: string[] = [];
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        errors.push(String(chunk));
        return true;
      });
      let code: number;
      try {
        code = await main([spec.name, 'no-such-scenario', ...('candidate' in spec.flags ? ['--candidate', 'ada'] : []), '--seed', '12345']);
      } finally {
        stderr.mockRestore();
      }
      expect(errors.join('')).not.toMatch(/seed/i);
      expect(errors.join('')).toMatch(/no-such-scenario/);
      expect(code).not.toBe(2);
    });
  }
});

describe('exit statuses', () => {
  it('come from the error catalogue: no command returns a literal number', () => {
    const dir = join(REPO_ROOT, 'src/cli/commands');
    const literals = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
          .filter(({ line }) => /\breturn\s+\d+\s*;|\?\s*\d+\s*:|:\s*\d+\s*;\s*$/.test(line) && !/^\s*(\/\/|\*)/.test(line)),
      );
    expect(literals.map(({ where, line }) => `${where}: ${line.trim()}`)).toEqual([]);
  });
});
