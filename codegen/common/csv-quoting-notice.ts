// The one difference between engines that compiling a `multiline: true` CSV input cannot remove: a record
// whose quoting is not RFC 4180 is rejected by the runtime and read otherwise by Pig and Spark
// (docs/semantics.md, "Malformed quoting"). Neither engine's multi-line reader can reject such records one by
// one (Spark's strict mode fails the whole job, CSVExcelStorage has none), so the scripts say it where the
// input is read and `emr-jobs compile` prints it as a note. The default mode (a record per line) reads alike
// everywhere.
import { sources, type Plan, type SourceNode } from '../../plan/index.ts';

export type QuotingTarget = 'pig' | 'pyspark';

const WHAT: { readonly [T in QuotingTarget]: string } = {
  pig: "CSVExcelStorage opens a quoted field at any '\"', so a stray quote merges the records after it into one (rejected)",
  pyspark: "Spark keeps a stray '\"' as data and a quoted field followed by other text whole, quotes included",
};

/** The notice for a `multiline: true` CSV source, else null. */
export function malformedQuotingNotice(node: SourceNode, target: QuotingTarget): string | null {
  if (node.format.kind !== 'csv' || !node.format.multiline) return null;
  return `input '${node.input}': a multiline record with malformed quoting is rejected by the runtime, but ${WHAT[target]} ` +
    `(docs/semantics.md, "Malformed quoting"); without multiline (a record per line) or with quote: 'none', every engine reads it alike`;
}

/** The notices of a plan for a target, one per input (its first CSV source), with the DSL line that read it. */
export function malformedQuotingNotices(plan: Plan, target: QuotingTarget): { readonly node: SourceNode; readonly text: string }[] {
  const seen = new Set<string>();
  return sources(plan).flatMap((node) => {
    const text = malformedQuotingNotice(node, target);
    if (text === null || seen.has(node.input)) return [];
    seen.add(node.input);
    return [{ node, text }];
  });
}
