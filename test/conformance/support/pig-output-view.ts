// The runtime's outputs as Pig can write them: Java's UTF-8 encoder writes a lone UTF-16 surrogate (e.g.
// `substring` through the middle of an emoji) as `?` (docs/codegen.md, Pig, "Known differences from the
// runtime"). Applied to the reference of Pig runs only.
import type { CaseOutputs } from '../../harness/compare.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function pigOutputView(outputs: CaseOutputs): CaseOutputs {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, rows]) => [name, rows.map((r) => r.map((c) => (c === null ? c : c.replace(LONE_SURROGATE, '?'))))]),
  );
}
