// Delimited files as Pig users have them, run on Pig, Spark and the runtime: the first columns of wider
// records (extraFields 'ignore'), unquoted fields (quote 'none': a `"` is data, CR/LF/CRLF end lines, blank
// lines skipped), prefix schemas under RFC 4180 quoting (a record per line, and over several lines with
// multiline), malformed quoting in both quoted modes, and an excerpt of the 9-column NYSE_daily TSV
// (../shared/data/pig/programmingpig, public domain), cut at test time from the file in place.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, job, type JobDefinition } from '../../../../dsl/index.ts';

/** Tab-separated, no header: stray quotes, extra, missing and empty fields, blank lines, CRLF and lone CR. */
export const WIDE_TSV = [
  'NYSE\tA"B\t1.5\textra\tmore',
  'NYSE\t"C\t2.5',
  'NYSE\tD"\t"3.5"',
  'NASDAQ\tE',
  '',
  '\t \t',
  'NYSE\tF\t\t\t',
  'NYSE\tG\t4\r',
  'NYSE\tH\t5\rNYSE\tI\t6',
  'NYSE\tback\\slash\t7',
  'NYSE\tü😀\t 8 \tx',
  '\tJ\t9',
  'NYSE\t"K\tL"\t10',
  'NYSE\tM\tnot a number\tx',
].join('\n') + '\n';

/** RFC 4180 with a header; some records carry fields after the declared ones (quoted delimiters among them). */
export const WIDE_CSV = ['id,name,score', '1,"a,b",1.5,x', '2,"say ""hi""",2.5', '3,"two\nlines",3.5,"q,r",s', '4,,', '5', '6,f,6,', '7,"g"'].join('\n') + '\n';

/** Malformed RFC 4180 quoting: a stray quote in an unquoted field, text after a closing quote, a quote mid-field. */
export const BAD_QUOTES_CSV = ['id,text,n', '1,ab"c,1', '2,"ab"c,2', '3,"a""b",3', '4,a "b" c,4', '5,x"",5', '6,"x"  ,6', '7,ok,7'].join('\n') + '\n';
/** A quoted field still open at the end of the file. */
export const UNTERMINATED_CSV = ['id,text,n', '1,ok,1', '2,"open,2', '3,x,3'].join('\n') + '\n';

const TICKER = { exchange: 'string', symbol: 'string', close: 'double' } as const;
const UNQUOTED_TSV = { header: false, delimiter: '\t', quote: 'none' } as const;

export const DELIMITED_JOBS: Record<string, JobDefinition> = {
  'unquoted-prefix': job('unquoted-prefix', 'first three columns of an unquoted TSV', (j) => {
    j.csv('wide', TICKER, { ...UNQUOTED_TSV, extraFields: 'ignore' }).writeCsv('rows');
  }),
  'unquoted-exact': job('unquoted-exact', 'an unquoted TSV whose wider lines are rejected', (j) => {
    j.csv('wide', TICKER, UNQUOTED_TSV).writeCsv('rows');
  }),
  'quoted-prefix': job('quoted-prefix', 'first columns of RFC 4180 records over several lines', (j) => {
    j.csv('widecsv', { id: 'int', name: 'string', score: 'double' }, { extraFields: 'ignore', multiline: true }).writeCsv('rows');
  }),
  'quoted-lines-prefix': job('quoted-lines-prefix', 'first columns of RFC 4180 lines (the field over two lines rejected)', (j) => {
    j.csv('widecsv', { id: 'int', name: 'string', score: 'double' }, { extraFields: 'ignore' }).writeCsv('rows');
  }),
  'bad-quotes': job('bad-quotes', 'malformed quoting, a record per line', (j) => {
    j.csv('badquotes', { id: 'int', text: 'string', n: 'int' }).writeCsv('rows');
  }),
  'multiline-bad-quotes': job('multiline-bad-quotes', 'malformed quoting, records over several lines', (j) => {
    j.csv('badquotes', { id: 'int', text: 'string', n: 'int' }, { multiline: true }).writeCsv('rows');
  }),
  unterminated: job('unterminated', 'a quoted field open at the end of the file', (j) => {
    j.csv('unterminated', { id: 'int', text: 'string', n: 'int' }).writeCsv('rows');
  }),
  'nyse-prefix': job('nyse-prefix', 'two of the nine NYSE_daily columns, rows per symbol', (j) => {
    j.csv('daily', { exchange: 'string', symbol: 'string' }, { ...UNQUOTED_TSV, extraFields: 'ignore' })
      .groupBy('exchange', 'symbol')
      .agg(() => ({ days: count() }))
      .writeCsv('per_symbol');
  }),
};

/** Cases where an engine and the runtime differ by design (docs/semantics.md, "Malformed quoting"). */
export const PIG_DELIMITED_DIFFERENCES = ['multiline-bad-quotes'];
export const SPARK_DELIMITED_DIFFERENCES = ['multiline-bad-quotes'];

/** The rows of BAD_QUOTES_CSV (id column) in the default mode, on every engine: the well-formed lines. */
export const BAD_QUOTES_IDS = ['3', '7'];

/** Each engine's rows of BAD_QUOTES_CSV (id column) with `multiline: true`, as docs/semantics.md states them. */
export const MULTILINE_BAD_QUOTES_IDS = {
  // Rejects every record whose quoting is not RFC 4180.
  runtime: ['3', '7'],
  // Keeps each stray quote as data (a quoted field followed by other text is kept whole, quotes included).
  spark: ['1', '2', '3', '4', '5', '6', '7'],
  // A quote anywhere opens a quoted field: the record of the first stray quote runs to the end of the file.
  pig: [] as string[],
};

/** Jobs Pig refuses (pig-unsupported.ts: csv-unquoted-header), run on Spark and the runtime only. */
export const SPARK_DELIMITED_JOBS: Record<string, JobDefinition> = {
  'unquoted-header': job('unquoted-header', 'an unquoted TSV with a header line after a blank one', (j) => {
    j.csv('widehead', TICKER, { ...UNQUOTED_TSV, header: true, extraFields: 'ignore' }).writeCsv('rows');
  }),
};

export const NYSE_DAILY = 'pig/programmingpig/NYSE_daily';

/** The first lines of NYSE_daily: a few symbols' worth. */
export function nyseExcerpt(sharedData: string, lines = 400): string {
  const text = readFileSync(path.join(sharedData, NYSE_DAILY), 'utf8');
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}

/** The inputs of DELIMITED_JOBS, written by `write(name, text)` (which returns the file's path). */
export function delimitedInputs(write: (name: string, text: string) => string, sharedData: string): Record<string, string> {
  return {
    wide: write('wide.tsv', WIDE_TSV),
    widecsv: write('wide.csv', WIDE_CSV),
    badquotes: write('bad-quotes.csv', BAD_QUOTES_CSV),
    unterminated: write('unterminated.csv', UNTERMINATED_CSV),
    widehead: write('wide-header.tsv', `\n \t\nexchange\tsymbol\tclose\n${WIDE_TSV}`),
    daily: write('nyse-daily-excerpt.tsv', nyseExcerpt(sharedData)),
  };
}
