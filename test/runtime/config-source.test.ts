// runtime/config-source.ts: where a <migu-consent>'s config comes from, and whether its text is all
// there while the page is still parsed (the script build's first stage starts on that).
import { expect } from '@open-wc/testing';
import { configOf, configTextComplete } from '../../src/runtime/config-source.js';

const CONFIG = JSON.stringify({
  categories: [{ id: 'analytics', label: { en: 'Analytics', 'zh-CN': '分析' }, services: [{ id: 'stats', name: 'Stats', cookies: ['_s', '/^_ga/'] }] }],
  texts: { 'zh-CN': { title: '我们使用 Cookie' } },
}, null, 2);

function element(text?: string): HTMLElement & { config?: unknown } {
  const el = document.createElement('migu-consent-source-test');
  if (text !== undefined) {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.textContent = text;
    el.append(script);
  }
  return el;
}

describe('config source', () => {
  it('reads the config property first, else the JSON child', () => {
    const el = element(CONFIG);
    expect(configOf(el)).to.equal(CONFIG);
    el.config = { categories: [] };
    expect(configOf(el)).to.deep.equal({ categories: [] });
    expect(configOf(element())).to.equal(undefined);
  });

  it('a config text is complete only when all of it is there: no part of it counts', () => {
    expect(configTextComplete(element(CONFIG))).to.equal(true);
    expect(configTextComplete(element(`\n  ${CONFIG}\n`)), 'whitespace around it').to.equal(true);
    // every cut the network could make while the parser is in the text
    for (let end = 0; end < CONFIG.length; end++) {
      expect(configTextComplete(element(CONFIG.slice(0, end))), `cut at ${end}: ${CONFIG.slice(Math.max(0, end - 12), end)}`).to.equal(false);
    }
  });

  it('no child, another child, or text that is not JSON: not complete (the element\'s end decides)', () => {
    expect(configTextComplete(element())).to.equal(false);
    const other = element();
    other.innerHTML = '<script type="text/plain">{}</script>';
    expect(configTextComplete(other)).to.equal(false);
    expect(configTextComplete(element('{ categories: [] }'))).to.equal(false);
    const nested = element();
    nested.append(Object.assign(document.createElement('div'), { innerHTML: '<script type="application/json">{}</script>' }));
    expect(configTextComplete(nested), 'only a direct child is the config').to.equal(false);
  });
});
