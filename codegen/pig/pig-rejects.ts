// Stores an input's rejected records, `<reason>\t<text>` lines, into its rejects folder: the script
// parameter `rejects__<input>` (a path like an output's), which the run counts to report read = parsed + rejected.
import type { SourceNode } from '../../plan/index.ts';
import { LOCATED_REJECT_MARK, rejectsParam } from '../common/rejects-param.ts';
import { call, ref, str, type GenerateItem, type PigExpr } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';

/** `parts`: relations of (reason, text...) tuples; several are put together first. */
export function storeRejects(node: SourceNode, ctx: PigContext, parts: readonly string[]): void {
  let all = parts[0];
  if (parts.length > 1) {
    all = ctx.helper(node, 'rejected');
    ctx.emit(node, 'all rejected lines', { kind: 'union', alias: all, inputs: parts });
  }
  ctx.emit(node, `write the rejected lines of input '${node.input}' (reason TAB text) to its rejects folder`, {
    kind: 'store', input: all, param: ctx.param(rejectsParam(node.input)), storer: call('PigStorage', str('\t')),
  });
}

/** `@<file>`, an empty line number, the reason and the line, of a relation with `path` and `line` fields: a located rejects line (codegen/common/rejects-param.ts). */
export const locatedReject = (reason: PigExpr): GenerateItem[] => [
  { expr: call('CONCAT', str(LOCATED_REJECT_MARK), ref('path')), as: 'file' },
  { expr: str(''), as: 'lineno' },
  { expr: reason, as: 'reason' },
  { expr: ref('line'), as: 'line' },
];
