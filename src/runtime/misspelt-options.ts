import { distance } from '../core/ids.js';

/**
 * The attributes of a `<migu-consent>` element that look like a misspelt one of `options` (`revison`,
 * `polcy-url`, `cookie_name`, `cookieName` as HTML lowercases it), each with the option meant. Ignored without
 * a word, a misspelt `revision` never asked returning visitors again. One or two letters off (one for `lang`
 * and `dnt`, so that `dir` is not taken for `dnt`). Said by the runtime (runtime/bootstrap.ts); a returning
 * visitor's page check (lazy/returning.ts) brings it for an attribute that merely starts as an option does.
 */
export function misspeltOptions(element: Element, options: string[]): [attribute: string, option: string][] {
  const found: [string, string][] = [];
  for (const { name } of element.attributes) {
    const near = options.includes(name) ? undefined : options.find((option) => distance(option, name.replace(/_/g, '-')) <= (option.length > 4 ? 2 : 1));
    if (near) found.push([name, near]);
  }
  return found;
}
