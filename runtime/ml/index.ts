// The local runtime's ML: operators for the ML plan nodes, and the column demand of each.
import type { PlanNode } from '../../plan/index.ts';
import type { MlNode } from '../../plan/ml.ts';
export { evaluate, fitModel, modelParamsRows, predict, saveModel } from './ml-operators.ts';
export { splitRows, inTrain } from './split-rows.ts';

/** Columns each input of an ML node must carry: the split key or every column (stages read by name). */
export function mlDemand(n: MlNode, needed: ReadonlySet<string>, byId: ReadonlyMap<string, PlanNode>): Set<string>[] {
  const all = (id: string) => new Set(byId.get(id)!.schema.map((f) => f.name));
  switch (n.kind) {
    case 'split':
      return [n.by === null ? all(n.input) : new Set([...needed, ...n.by])];
    case 'fit':
      return [all(n.input)];
    case 'predict':
    case 'evaluate':
      return [new Set(), all(n.input)];
    case 'modelParams':
    case 'saveModel':
      return [new Set()];
  }
}
