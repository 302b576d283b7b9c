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
