/** Minimal RFC 6902 (add to an object/replace/test) for asserting what a patch does to a recorded object. */
export function applyJsonPatch<T>(doc: T, ops: readonly { op: string; path: string; value?: unknown }[]): T {
  const copy = JSON.parse(JSON.stringify(doc));
  for (const op of ops) {
    const keys = op.path.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key], copy);
    if (op.op === 'add') {
      parent[last] = op.value;
      continue;
    }
    if (!(last in parent)) throw new Error(`path ${op.path} does not exist`);
    if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
    } else if (op.op === 'replace') parent[last] = op.value;
    else throw new Error(`unsupported op ${op.op}`);
  }
  return copy;
}
