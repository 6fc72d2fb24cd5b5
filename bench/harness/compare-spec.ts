// How a job's output is compared: in order only when the plan sorts it last (a limit may follow), and
// which columns are doubles.
import { nodeById, sinks, type Plan } from '../../plan/index.ts';
import type { CompareSpec } from './output-compare.ts';

export function compareSpecOf(plan: Plan): CompareSpec {
  const sink = sinks(plan)[0];
  const byId = nodeById(plan);
  let n = byId.get(sink.input);
  while (n && n.kind === 'limit') n = byId.get(n.input);
  const doubles = new Set(sink.schema.flatMap((f, i) => (f.type === 'double' ? [i] : [])));
  return { ordered: n?.kind === 'sort', doubles };
}
