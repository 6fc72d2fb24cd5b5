// Pig identifiers for plan names. A name that is a plain Pig identifier and no reserved word is kept as is;
// any other is encoded (`x__` + letters/digits, every other UTF-16 unit as `_<hex>_`), which is injective
// and never equal to a kept name, so columns keep distinct names and the real names come back on output.
import { isPigReserved } from './pig-reserved-words.ts';

const PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;
const ENCODED_PREFIX = 'x__';

/** True when `name` can be written as is in a Pig script. */
export function isPlainPigName(name: string): boolean {
  return PLAIN.test(name) && !isPigReserved(name) && !name.includes('__');
}

/** The Pig identifier standing for a plan column, relation or node name. */
export function pigName(name: string): string {
  if (isPlainPigName(name)) return name;
  let out = ENCODED_PREFIX;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    out += /[A-Za-z0-9]/.test(c) ? c : `_${name.charCodeAt(i).toString(16)}_`;
  }
  return out;
}

/**
 * The alias of a helper relation that belongs to `owner` (a node's alias). Helper aliases contain `__`
 * followed by a letter, which neither a kept name nor an encoded one does.
 */
export function helperAlias(owner: string, step: string): string {
  // An encoded reserved word (`x__group`) could otherwise equal the helper `x__group` of a node named `x`.
  if (!/^[a-z][a-z0-9]*$/.test(step) || isPigReserved(step)) throw new Error(`bad helper step name '${step}'`);
  return `${owner}__${step}`;
}
