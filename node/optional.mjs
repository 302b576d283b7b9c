// Optional peer dependencies of the Node parts: someone who installs migu-consent only for the
// component gets none of them. A command that needs one imports it through here and, when it is
// missing, stops with one line that names the install command.

/** Thrown when an optional dependency is not installed; its message is meant for the terminal. */
export class MissingDependency extends Error {
  /**
   * @param {string} pkg the package that is missing
   * @param {string} needed what needs it, e.g. "migu-consent audit"
   * @param {boolean} [dev] whether a project wants it as a dev dependency (the audit, a tool), or as one of its
   *   dependencies (the collector's database driver, which a server's `npm ci --omit=dev` must keep)
   */
  constructor(pkg, needed, dev = true) {
    super(`${needed} needs ${pkg}, which is not installed: npm install ${dev ? '--save-dev ' : ''}${pkg}`);
    this.name = 'MissingDependency';
    this.package = pkg;
  }
}

/**
 * Imports an optional dependency.
 * @param {string} pkg package name (a bare specifier)
 * @param {string} needed what needs it, for the message
 * @param {boolean} [dev] whether the install command the message names is a dev dependency's
 * @returns {Promise<any>} the module namespace
 */
export async function importOptional(pkg, needed, dev = true) {
  try {
    return await import(pkg);
  } catch (/** @type {any} */ error) {
    // only the package itself being absent is "missing"; an error inside it stays an error
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(`'${pkg}'`)) throw new MissingDependency(pkg, needed, dev);
    throw error;
  }
}
