// A failing case as text a compiler or runtime owner can act on: the plan (explain tree and JSON), the
// input tables, each engine's output and the diff.
import { planTreeText } from '../../../cli/plan-tree-printer.ts';
import { csvText, pigView } from '../../harness/arbitraries/index.ts';
import type { Target } from '../../harness/arbitraries/index.ts';
import type { Verdict } from './case-check.ts';

const MAX_ROWS = 20;

function outputsText(label: string, outputs: Record<string, readonly (readonly (string | null)[])[]>): string {
  return Object.entries(outputs)
    .map(([name, rows]) => [`  ${label} '${name}' (${rows.length} rows):`, ...rows.slice(0, MAX_ROWS).map((r) => `    ${JSON.stringify(r)}`), ...(rows.length > MAX_ROWS ? ['    …'] : [])].join('\n'))
    .join('\n');
}

export function failureText(target: Target, v: Verdict, title: string): string {
  const c = v.case;
  const tables = c.tables.map((t) => {
    const view = target === 'pig' ? csvText(pigView(t)) : null;
    const exact = csvText(t);
    return [
      `input '${t.input}' (${t.rows.length} rows; header ${t.header}, delimiter ${JSON.stringify(t.delimiter)}${t.unquoted ? ', unquoted' : ''}${t.extra ? ', extra fields' : ''}):`,
      `  ${JSON.stringify(exact)}`,
      ...(view !== null && view !== exact ? [`  as Pig reads it ("" is null): ${JSON.stringify(view)}`] : []),
    ].join('\n');
  });
  return [
    `── ${title}: ${v.problem?.kind} on ${target}`,
    planTreeText(c.plan),
    '',
    ...tables,
    '',
    v.reference.ok ? outputsText('runtime', v.reference.outputs) : `runtime failed: ${v.reference.error}`,
    v.engine === null ? `${target}: not run` : v.engine.ok ? outputsText(target, v.engine.outputs) : `${target} failed: ${v.engine.error}`,
    '',
    v.problem?.kind === 'mismatch' || v.problem?.kind === 'single-task' ? v.problem.text : '',
    `plan JSON: ${JSON.stringify(c.plan)}`,
  ].join('\n');
}
