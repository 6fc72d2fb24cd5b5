// Static facts about a regex's capture groups that target compilers need: how many there are and which
// may take no part in a match (Spark's regexp_extract gives '' for those, where the plan means null).

export interface GroupInfo {
  /** 1-based group number. */
  readonly group: number;
  /** True when a match can leave the group unset: it or an enclosing group is optional or an alternative. */
  readonly optional: boolean;
}

interface Open {
  readonly group: number | null;
  readonly enclosingOptional: boolean;
  alternated: boolean;
  readonly members: number[];
}

/** Capture groups of a Java/JavaScript-common regex, in number order. */
export function captureGroups(regex: string): GroupInfo[] {
  const optional = new Map<number, boolean>();
  const root: Open = { group: null, enclosingOptional: false, alternated: false, members: [] };
  const stack: Open[] = [root];
  let next = 1;
  let i = 0;
  const markOptional = (o: Open) => o.members.forEach((g) => optional.set(g, true));
  while (i < regex.length) {
    const c = regex[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      i = skipClass(regex, i);
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '(') {
      const capturing = regex[i + 1] !== '?' || (regex[i + 2] === '<' && regex[i + 3] !== '=' && regex[i + 3] !== '!');
      const group = capturing ? next++ : null;
      const inherited = top.enclosingOptional || top.alternated;
      if (group !== null) {
        optional.set(group, inherited);
        stack.forEach((o) => o.members.push(group));
      }
      stack.push({ group, enclosingOptional: inherited, alternated: false, members: [] });
      i++;
      continue;
    }
    if (c === '|') {
      top.alternated = true;
      markOptional(top);
      i++;
      continue;
    }
    if (c === ')' && stack.length > 1) {
      const closed = stack.pop()!;
      if (canRepeatZero(regex, i + 1)) {
        markOptional(closed);
        if (closed.group !== null) optional.set(closed.group, true);
      }
      i++;
      continue;
    }
    i++;
  }
  if (root.alternated) markOptional(root);
  return [...optional.entries()].sort((a, b) => a[0] - b[0]).map(([group, opt]) => ({ group, optional: opt }));
}

/** Index just past the character class starting at `i` (`[...]`, with escapes and a leading `]` or `^]`). */
function skipClass(re: string, i: number): number {
  let j = i + 1;
  if (re[j] === '^') j++;
  if (re[j] === ']') j++;
  while (j < re.length && re[j] !== ']') j += re[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Whether the quantifier at `i` (if any) allows zero repetitions: `?`, `*`, `{0`, `{,`. */
function canRepeatZero(re: string, i: number): boolean {
  const q = re[i];
  if (q === '?' || q === '*') return true;
  if (q === '{') return /^\{0+(,\d*)?\}/.test(re.slice(i));
  return false;
}
