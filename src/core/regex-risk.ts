/** The longest `/re/` pattern a config may hold. */
export const MAX_PATTERN = 200;
/** Cookie names longer than this are not tested against patterns (a test costs time in the name's length). */
export const MAX_MATCHED_NAME = 256;

/**
 * Why a config pattern could backtrack catastrophically, or undefined when it looks safe:
 * too long, or a group repeated (by anything but `?`) that holds a repeat or an alternation,
 * as in `(a+)+`, `(a*)*`, `(a|a)*`, `(a+){9}`. Cookie and host patterns need neither, and a
 * check this plain cannot miss one, where a full analysis would be large.
 */
export function regexRisk(source: string): string | undefined {
  if (source.length > MAX_PATTERN) return `it is longer than ${String(MAX_PATTERN)} characters`;
  /** Per open group: whether it holds a repeat or an alternation. */
  const risky: boolean[] = [false];
  /** Whether the group just closed holds one. */
  let closed = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    const quantifier = '*+?'.includes(c) ? c : c === '{' ? /^\{\d+(,\d*)?\}/.exec(source.slice(i))?.[0] : undefined;
    if (quantifier) {
      if (closed && quantifier !== '?') return 'a repeated group holds a repeat or an alternation (nested quantifiers)';
      risky[risky.length - 1] = true;
      i += quantifier.length - (source[i + quantifier.length] === '?' ? 0 : 1); // a lazy `?` goes with it
      closed = false;
      continue;
    }
    closed = false;
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') {
      risky.push(false);
      // (?: (?= (?! (?<= (?<! (?<name>: past the prefix, not a quantifier
      if (source[i + 1] === '?') i = source[i + 2] !== '<' ? i + 2 : '=!'.includes(source[i + 3] ?? '') ? i + 3 : Math.max(i, source.indexOf('>', i));
    } else if (c === ')' && risky.length > 1) {
      closed = risky.pop() ?? false;
      if (closed) risky[risky.length - 1] = true;
    } else if (c === '|') risky[risky.length - 1] = true;
  }
  return undefined;
}
