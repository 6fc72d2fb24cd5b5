// Where each column of a JSON lines source is read from: its declared nested path, else the top-level key
// of its own name. A dotted name without a path is a plan error rather than a key that is never there.
import type { SourceNode } from './nodes.ts';

/** The keys to follow for each column of a JSON lines source, outermost first, in schema order. */
export function jsonColumnPaths(n: SourceNode): readonly (readonly string[])[] {
  const paths = n.format.kind === 'jsonl' ? n.format.paths ?? {} : {};
  return n.schema.map((f) => (Object.hasOwn(paths, f.name) ? paths[f.name] : [f.name]));
}

/** What is wrong with a JSON lines source's columns and paths (empty when nothing). */
export function jsonPathProblems(n: SourceNode): string[] {
  if (n.format.kind !== 'jsonl') return [];
  const paths = n.format.paths ?? {};
  const names = new Set(n.schema.map((f) => f.name));
  const problems: string[] = [];
  for (const [col, path] of Object.entries(paths)) {
    if (!names.has(col)) problems.push(`JSON path for '${col}', which is not a column of input '${n.input}'`);
    else if (!Array.isArray(path) || path.length === 0 || path.some((k) => typeof k !== 'string' || k === '')) {
      problems.push(`column '${col}' of input '${n.input}': a path is one or more non-empty keys ('a.b.c')`);
    }
  }
  for (const f of n.schema) {
    if (f.name.includes('.') && !Object.hasOwn(paths, f.name)) {
      problems.push(
        `column '${f.name}' of input '${n.input}': a dotted name is not a nested path; to read a nested field write ` +
          `{ ${JSON.stringify(f.name.replace(/\./g, '_'))}: { path: ${JSON.stringify(f.name)}, type: '${f.type}' } }`,
      );
    }
  }
  if (problems.length) return problems;
  // A path that runs through another column's value would need that value to be an object and a leaf at once.
  const all = jsonColumnPaths(n).map((p, i) => ({ col: n.schema[i].name, key: p.join('\u0000') }));
  const inside = (outer: string, inner: string) => inner === outer || inner.startsWith(`${outer}\u0000`);
  all.forEach((a, i) =>
    all.slice(i + 1).forEach((b) => {
      if (inside(a.key, b.key) || inside(b.key, a.key)) {
        problems.push(`columns '${a.col}' and '${b.col}' of input '${n.input}': one's path is inside the other's (or the same); read each field once`);
      }
    }),
  );
  return problems;
}
