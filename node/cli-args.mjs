// What the command line says of options node:util's parseArgs refuses.

/**
 * parseArgs's message, its first sentence: the rest is advice about `--` with an unbalanced quote
 * ("Unknown option '--bogus'. To specify a positional argument starting with a '-', … as in '-- "--bogus"").
 * @param {unknown} error
 */
export function argsMessage(error) {
  const message = String(/** @type {Error} */ (error)?.message ?? error);
  return message.split(/\.\s/)[0];
}

/**
 * `--port -1` as `--port=-1`: parseArgs takes a value starting with "-" for an option and says only that
 * the argument "is ambiguous" (docs probe F3); joined, the option's own check says what it takes.
 * @param {string[]} args
 * @param {Record<string, { type: string }> | undefined} options
 */
export function joinNegativeValues(args, options) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i] ?? '')?.[1];
    if (name && options?.[name]?.type === 'string' && /^-[\d.]/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`);
    else out.push(/** @type {string} */ (args[i]));
  }
  return out;
}
