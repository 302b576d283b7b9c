// The Custom Elements Manifest describes what the package ships, not the repository: `cem analyze`
// reads src/*.ts, but the package has only dist/*.js (and src/ is not in it), so every module path
// and reference is moved to its dist/ file, and modules with no file of their own in dist/ (bundled
// into the script build only) are left out. `customElements.define(GATE_TAG, …)` is listed by its
// tag, not by the constant's name. The attributes' defaults are CONTRACT.md's (runtime/options.ts
// DEFAULT_OPTIONS), which the declared fields cannot carry.
import { existsSync } from 'node:fs';

const DEFAULTS = {
  revision: '"1"', 'cookie-name': '"migu_consent"', 'expires-days': '365', dnt: '"respect"', revoke: '"reload"', minor: 'false',
};
const shipped = (path) => path.replace(/^\/?src\/(.*)\.[tj]s$/, 'dist/$1.js');

export default {
  globs: ['src/**/*.ts'],
  // stub.ts defines each tag of the script build with a class of no behaviour, which the Lit classes are
  // adopted into: not the elements a tool should describe
  exclude: ['src/**/*.test.ts', 'src/elements/stub.ts'],
  litelement: true,
  plugins: [{
    name: 'migu-consent-shipped-paths',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const tags = new Map();
      for (const mod of manifest.modules) {
        for (const d of mod.declarations ?? []) if (d.tagName) tags.set(d.name, d.tagName);
      }
      manifest.modules = manifest.modules.filter((mod) => existsSync(shipped(mod.path)));
      const kept = new Set(manifest.modules.map((mod) => shipped(mod.path)));
      const moved = (ref) => (ref?.module ? { ...ref, module: shipped(ref.module) } : ref);
      for (const mod of manifest.modules) {
        mod.path = shipped(mod.path);
        mod.exports = (mod.exports ?? []).filter((e) => !e.declaration?.module || kept.has(shipped(e.declaration.module)))
          .map((e) => ({ ...e, ...(e.kind === 'custom-element-definition' ? { name: tags.get(e.declaration.name) ?? e.name } : {}), declaration: moved(e.declaration) }));
        for (const d of mod.declarations ?? []) {
          if (d.superclass) d.superclass = moved(d.superclass);
          if (d.tagName !== 'migu-consent') continue;
          for (const a of d.attributes ?? []) if (a.name in DEFAULTS) a.default = DEFAULTS[a.name];
        }
      }
    },
  }],
};
