// The one difference between engines that compiling a CSV input in the default quoting mode cannot remove:
// a record whose quoting is not RFC 4180 is rejected by the runtime and read otherwise by Pig and Spark
// (docs/semantics.md, "Malformed quoting"). Neither engine can reject such records one by one (Spark's
// strict mode fails the whole job, CSVExcelStorage has none), so the scripts say it where the input is read
// and `emr-jobs compile` prints it as a note.
import { sources, type Plan, type SourceNode } from '../../plan/index.ts';

export type QuotingTarget = 'pig' | 'pyspark';

const WHAT: { readonly [T in QuotingTarget]: string } = {
  pig: "CSVExcelStorage opens a quoted field at any '\"', so a stray quote merges the records after it into one (rejected)",
  pyspark: "Spark keeps a stray '\"' as data and a quoted field followed by other text whole, quotes included",
};

/** The notice for a CSV source in the default quoting mode, else null. */
export function malformedQuotingNotice(node: SourceNode, target: QuotingTarget): string | null {
  if (node.format.kind !== 'csv' || node.format.quote === 'none') return null;
  return `input '${node.input}': a record with malformed quoting is rejected by the runtime, but ${WHAT[target]} ` +
    `(docs/semantics.md, "Malformed quoting"); quote: 'none' reads files that are not RFC 4180 alike on every engine`;
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
