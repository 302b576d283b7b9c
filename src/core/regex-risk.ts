/** The longest `/re/` pattern a config may hold. */
export const MAX_PATTERN = 200;
/** Cookie names longer than this are not tested against patterns (a test costs time in the name's length). */
export const MAX_MATCHED_NAME = 256;

/**
 * Why a config pattern could backtrack catastrophically, or undefined when it looks safe:
 * too long, or a group repeated (by anything but `?`) that holds a repeat or an alternation,
 * as in `(a+)+`, `(a*)*`, `(a|a)*`, `(a+){9}`. Cookie and host patterns need neither, and a
 * check this plain may refuse a safe pattern, never let a risky one through.
 */
export function regexRisk(source: string): string | undefined {
  if (source.length > MAX_PATTERN) return `it is longer than ${String(MAX_PATTERN)} characters`;
  let risky = false;
  // escapes and classes are plain atoms; (?: (?= (?! (?<= (?<! (?<name> are plain groups
  let s = source.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x').replace(/\(\?(?:<?[=!]|<\w+>|:)/g, '(');
  // innermost groups first: one that holds a repeat or `|` becomes a repeat itself
  for (let last = ''; last !== s;) {
    last = s;
    s = s.replace(/\(([^()]*)\)([*+{]?)/, (_, inner: string, repeat: string) => {
      const holds = /[*+?{|]/.test(inner);
      risky ||= holds && repeat !== '';
      return (holds ? 'x+' : 'x') + repeat;
    });
  }
  return risky ? 'a repeated group holds a repeat or an alternation (nested quantifiers)' : undefined;
}
