import type { z } from 'zod';

/**
 * One line per zod issue: `path: expected …, got …`, so a scenario author can
 * fix every problem in one pass.
 */
export function formatIssues(error: z.ZodError, input?: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    const got = describeValue(valueAt(input, issue.path));
    switch (issue.code) {
      case 'unrecognized_keys':
        return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (remove or fix the spelling)`;
      case 'invalid_type':
        return `${path}: expected ${issue.expected}, got ${got}`;
      default:
        return `${path}: ${issue.message}, got ${got}`;
    }
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
