// custom-elements.json as an editor or tool reads it from the installed package (run after `npm run
// build`): it must name only files the package ships (src/ is not in it), list each element under
// its tag, and give CONTRACT.md's attributes with their defaults, its events and its parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
/** Whether `npm pack` would include the file (package.json `files`: dist's .js and .d.ts, no maps). */
const packed = (path) => existsSync(path) && /^dist\/.*\.(js|d\.ts)$/.test(path);

test('every module path and reference in the manifest is a file the package ships', () => {
  assert.equal(pkg.customElements, 'custom-elements.json');
  const refs = new Set();
  JSON.stringify(manifest, (key, value) => {
    if ((key === 'path' || key === 'module') && typeof value === 'string') refs.add(value);
    return value;
  });
  assert.ok(refs.size > 3, [...refs].join());
  assert.deepEqual([...refs].filter((ref) => !packed(ref)), []);
});

test('the elements are defined under their tags, from the modules that hold their classes', () => {
  const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition'));
  assert.deepEqual(definitions.map((d) => [d.name, d.declaration.name]).sort(),
    [['migu-consent', 'MiguConsentElement'], ['migu-consent-gate', 'MiguConsentGateElement']]);
  for (const { name, declaration } of definitions) {
    const declared = manifest.modules.find((m) => m.path === declaration.module)?.declarations?.find((d) => d.name === declaration.name);
    assert.equal(declared?.tagName, name);
  }
});

const element = (tag) => manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);

test('<migu-consent>: CONTRACT.md\'s attributes with their defaults, its two events, its parts', () => {
  const consent = element('migu-consent');
  const attributes = Object.fromEntries(consent.attributes.map((a) => [a.name, a.default]));
  assert.deepEqual(attributes, {
    revision: '"1"', 'cookie-name': '"migu_consent"', 'cookie-domain': undefined, 'expires-days': '365', lang: undefined,
    'policy-url': undefined, dnt: '"respect"', 'receipt-endpoint': undefined, revoke: '"reload"', minor: 'false', 'server-signals': undefined,
  });
  assert.deepEqual(consent.events.map((e) => e.name), ['migu-consent-ready', 'migu-consent-change']);
  assert.deepEqual(consent.cssParts.map((p) => p.name).sort(),
    ['accept-all', 'banner', 'customize', 'policy', 'preferences', 'reject-all', 'reopen', 'save', 'signal-notice']);
  assert.ok(consent.members.some((m) => m.name === 'config' && m.kind === 'field'), 'the config property');
  const gate = element('migu-consent-gate');
  assert.deepEqual(gate.attributes.map((a) => a.name), ['category', 'service']);
  assert.ok(gate.cssParts.some((p) => p.name === 'allow'));
});
