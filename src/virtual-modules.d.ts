// Modules rollup.config.js makes for the script build.

/** The exports the files taking from the first stage read of its modules (shared/first-stage-modules.ts), by name. */
declare module 'virtual:first-stage-modules' {
  const exports: Record<string, unknown>;
  export default exports;
}
