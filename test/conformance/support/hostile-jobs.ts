// Jobs written with the DSL whose column names, input/output names and string literals are the ones code
// generators get wrong: quotes, `$`, backslashes, line breaks, unicode, `::`, Pig and Python reserved words.
import { coalesce, count, countDistinct, job, lit, max, min, sum, when, type JobDefinition, type SchemaSpec } from '../../../dsl/index.ts';
import { HOSTILE_NAMES, HOSTILE_STRINGS, type TableSpec } from '../../harness/arbitraries/index.ts';

/** Every hostile name, a string column each, in tables of at most 24 columns. */
export const NAME_CHUNKS: readonly (readonly string[])[] = Array.from({ length: Math.ceil(HOSTILE_NAMES.length / 24) }, (_, i) =>
  HOSTILE_NAMES.slice(i * 24, i * 24 + 24),
);

/** The hostile strings hold line breaks, so the tables are read with fields over several lines. */
const MULTILINE = { multiline: true } as const;

const stringSchema = (names: readonly string[]): SchemaSpec => Object.fromEntries(names.map((n) => [n, 'string' as const]));

/** Values every hostile-name table holds: each literal, in turn, in every column, plus nulls. */
function chunkRows(names: readonly string[]): (string | null)[][] {
  return HOSTILE_STRINGS.map((_, r) => names.map((_, c) => ((r + c) % 7 === 3 ? null : HOSTILE_STRINGS[(r + c) % HOSTILE_STRINGS.length])));
}

export const chunkTable = (input: string, names: readonly string[]): TableSpec => ({
  input,
  columns: names.map((name) => ({ name, type: 'string', tame: true })),
  rows: chunkRows(names),
  header: true,
  delimiter: ',',
  quoteAll: false,
});

/** A select of every column as is: outputs must hold exactly the input values under exactly these names. */
export const identityJob = (i: number): JobDefinition =>
  job(`hostile-names-${i}`, 'every hostile column name, selected as is', (j) => {
    j.csv(i % 2 ? 'group' : 'class', stringSchema(NAME_CHUNKS[i]), MULTILINE).writeCsv(i % 2 ? 'lambda' : 'as');
  });

/** The mixed-type table the computing jobs read. */
export const MIXED: TableSpec = {
  input: 'filter',
  columns: [
    { name: "it's", type: 'string', tame: true },
    { name: '$amount', type: 'long', tame: true },
    { name: 'back\\slash', type: 'double', tame: true },
    { name: 'group', type: 'string', tame: true },
    { name: 'x::y', type: 'int', tame: true },
    { name: 'lambda', type: 'timestamp', tame: true },
    { name: '日本 😀', type: 'boolean', tame: true },
  ],
  rows: HOSTILE_STRINGS.map((s, i) => [
    s,
    String((i % 5) - 2),
    String(i / 8),
    ['a/b', 'x=y', '%41', ' sp ', 'é😀', '$', null, 'q"uote', "it's", 'back\\'][i % 10],
    i % 4 === 0 ? null : String(i % 3),
    new Date(Date.UTC(2015, 4, 17, i % 24, i, i)).toISOString(),
    i % 3 === 0 ? null : String(i % 2 === 0),
  ]),
  header: true,
  delimiter: ',',
  quoteAll: false,
};

const mixedSchema = Object.fromEntries(MIXED.columns.map((c) => [c.name, c.type])) as unknown as {
  "it's": 'string'; $amount: 'long'; 'back\\slash': 'double'; group: 'string'; 'x::y': 'int'; lambda: 'timestamp'; '日本 😀': 'boolean';
};

/** Hostile string literals in every function that takes a literal, under hostile output names. */
export const literalsJob = job('hostile-literals', 'hostile string literals in expressions', (j) => {
  const t = j.csv('filter', mixedSchema, MULTILINE);
  t.select((r) => ({
    "it's": r["it's"],
    'say "hi"': r["it's"].concat(lit('it\'s "q" \\ $x ${y} %s {0}\n😀\t')),
    '$1': r["it's"].eq(lit('$')).or(r["it's"].eq(lit('\\'))),
    class: r["it's"].contains(lit('"')).or(r["it's"].startsWith(lit("'"))).or(r["it's"].endsWith(lit('\n'))),
    'a.b': r["it's"].splitPart('$', 1),
    'x::y': r["it's"].splitPart('\\', 2),
    'a,b': r["it's"].regexExtract('(\\$|\\\\|\'|")', 1),
    '#hash': r.lambda.format("'it''s' yyyy \"MM\" '$'dd"),
    None: when(r["it's"].eq(lit('"')), lit("'")).when(r["it's"].eq(lit("'")), lit('"')).otherwise(lit('\\n')),
    'tab\there': coalesce(r.group, lit('null')),
  })).writeCsv('as');
});

/** Grouping, joining, sorting, exploding and partitioning on hostile names and values. */
export const relationalJob = job('hostile-relational', 'relational operations over hostile names', (j) => {
  const t = j.csv('filter', mixedSchema, MULTILINE);
  t.groupBy('group')
    .agg((r) => ({ 'count(*)': count(), 'sum $': sum(r.$amount), 'min"': min(r["it's"]), "max'": max(r.lambda), 'distinct\\': countDistinct(r['x::y']) }))
    .orderBy(['group', 'desc'])
    .writeCsv('lambda');
  const other = j.csv('class', { group: 'string', 'by': 'string' }, MULTILINE);
  t.join(other, { on: ['group'], how: 'full' }).select('group', 'by', "it's").writeCsv('yield');
  t.explode("it's", { separator: '$', as: 'as' }).select('as', 'x::y').distinct().writeCsv('pass');
  t.select('group', '$amount').writeCsv('partitioned', { partitionBy: 'group' });
});

export const OTHER: TableSpec = {
  input: 'class',
  columns: [{ name: 'group', type: 'string', tame: true }, { name: 'by', type: 'string', tame: true }],
  rows: [['a/b', 'slash'], ['$', 'dollar'], ['q"uote', 'quote'], ['nowhere', 'none'], [null, 'null key']],
  header: true,
  delimiter: ',',
  quoteAll: false,
};
