// fast-check arbitraries for conformance: hostile schemas, tables written as CSV inputs, and random plans.
export { drawn, drawOf, type Draw } from '../../../testing/draw.ts';
export { HOSTILE_NAMES, HOSTILE_STRINGS, PIG_RESERVED_NAMES, PYTHON_RESERVED_NAMES, PUNCTUATED_NAMES } from './hostile-names.ts';
export { drawPools, freshValue, type Cell, type ColumnSpec, type ValuePools } from '../../../testing/cell-values.ts';
export { csvFormatOf, csvLines, csvText, unquotedField, drawColumns, drawRows, drawTable, drawTextTable, pigView, schemaArb, schemaOf, tableArb, type TableSpec } from './table-arb.ts';
export { drawExpr, drawLiteral, exprArb, isTame, type ExprScope } from './expr-arb.ts';
export { caseArb, drawCase, type ConformanceCase } from './plan-arb.ts';
export { PlanDraft } from './plan-draft.ts';
export { allowsAggOver, allowsFn, allowsGlobalAggOverMaybeEmpty, allowsJsonLines, allowsNaNCompare, fitTable, REGEX_PATTERNS, SEPARATORS, TARGETS, TIME_PATTERNS, type Target } from './target-support.ts';
