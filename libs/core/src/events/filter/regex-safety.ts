export const MAX_REGEX_LENGTH = 256;

/**
 * A conservative check against catastrophic backtracking. JavaScript regexes backtrack, so a
 * repeated group that itself repeats or alternates — `(a+)+`, `(a|a)*`, `(.*a){20}` — can take
 * exponential time on a crafted input. We refuse: such groups, backreferences and lookbehind.
 * Safe patterns (anchors, classes, single quantifiers, optional groups) pass. Returns the reason
 * a pattern is refused, or null.
 */
export function unsafeRegexReason(source: string): string | null {
  if (source.length > MAX_REGEX_LENGTH) return `longer than ${MAX_REGEX_LENGTH} characters`;
  interface Group {
    repeats: boolean;
    alternates: boolean;
  }
  const stack: Group[] = [{ repeats: false, alternates: false }];
  let inClass = false;
  let lastClosed: Group | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) return 'backreferences are not allowed';
      i++;
      lastClosed = null;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    const quantifier = repeatingQuantifierAt(source, i);
    if (quantifier > 0) {
      if (lastClosed && (lastClosed.repeats || lastClosed.alternates)) return 'a repeated group must not itself repeat or alternate (catastrophic backtracking)';
      top.repeats = true;
      i += quantifier - 1;
      lastClosed = null;
      continue;
    }
    lastClosed = null;
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) return 'lookbehind is not allowed';
      stack.push({ repeats: false, alternates: false });
    } else if (c === ')') {
      if (stack.length === 1) return 'unbalanced parenthesis';
      const closed = stack.pop() as Group;
      const parent = stack[stack.length - 1];
      parent.repeats ||= closed.repeats;
      parent.alternates ||= closed.alternates;
      lastClosed = closed;
    } else if (c === '|') top.alternates = true;
  }
  if (stack.length !== 1) return 'unbalanced parenthesis';
  return null;
}

/** Length of a quantifier that can repeat (`*`, `+`, `{n,}`, `{n,m}` with m > 1) at i, else 0. */
function repeatingQuantifierAt(source: string, i: number): number {
  const c = source[i];
  if (c === '*' || c === '+') return source[i + 1] === '?' ? 2 : 1;
  if (c !== '{') return 0;
  const match = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(i));
  if (!match) return 0;
  const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return max > 1 ? match[0].length : 0;
}
