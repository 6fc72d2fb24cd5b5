// Hand-made: a compiled top-n put back into Pig's ORDER then LIMIT (what the compiler wrote before TopN), for
// the plan checks that must refuse it. Works on a batch's prefixed script too.
export function topNAsOrderThenLimit(script: string, t: { readonly limit: string; readonly sort: string; readonly by: string; readonly n: number }): string {
  const block = new RegExp(`DEFINE (\\w*?)${t.limit}__top [^\\n]*\\n[\\s\\S]*?\\1${t.limit} = FOREACH \\1${t.limit}__whole GENERATE\\n\\s+FLATTEN\\(\\1${t.limit}__top\\((\\w+)\\)\\) AS \\([^)]*\\);`);
  if (!block.test(script)) throw new Error(`the script has no TopN block for ${t.limit}`);
  return script.replace(block, (_m, prefix: string, input: string) => `${prefix}${t.sort} = ORDER ${input} BY ${t.by};\n${prefix}${t.limit} = LIMIT ${prefix}${t.sort} ${t.n};`);
}
