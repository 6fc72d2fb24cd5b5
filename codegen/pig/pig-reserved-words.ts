// Words a Pig 0.17 script cannot use as a plain alias or field name: the keywords of Pig's lexer (matched
// in any case) and the Grunt shell commands that are recognised at the start of a statement.

const KEYWORDS = `all and as asc assert bag bigdecimal biginteger boolean by bytearray cache case chararray cogroup
  cross cube datetime define dense desc distinct double else end eq false filter flatten float foreach full
  generate group gt gte if import in inner input int into invoke is join left limit load long lt lte map
  mapreduce matches neq not null onschema or order otherwise outer output parallel partition rank register
  returns right rollup sample ship split stderror stdin stdout store stream then through true tuple union
  using void when`;

const GRUNT_COMMANDS = `cat cd clear copyfromlocal copytolocal cp describe dump exec explain fs help history illustrate
  kill ls mkdir mv pwd quit rm rmf run set sh`;

export const PIG_RESERVED_WORDS: ReadonlySet<string> = new Set(`${KEYWORDS} ${GRUNT_COMMANDS}`.trim().split(/\s+/));

export function isPigReserved(word: string): boolean {
  return PIG_RESERVED_WORDS.has(word.toLowerCase());
}
