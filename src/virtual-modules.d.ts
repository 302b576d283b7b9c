// Modules rollup.config.js makes for the script build.

/** The first stage's modules that the runtime takes (shared/first-stage-modules.ts), by path from src/. */
declare module 'virtual:first-stage-modules' {
  const modules: Record<string, object>;
  export default modules;
}
