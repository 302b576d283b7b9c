// runtime/misspelt-options.ts and its report as a runtime starts (runtime/bootstrap.ts): an attribute of
// <migu-consent> one or two letters off an option is named with the option meant (console-hygiene probe F1:
// a misspelt `revision` was ignored without a word, and returning visitors were never asked again);
// the element's usual attributes are not.
import { expect } from '@open-wc/testing';
import { misspeltOptions } from '../../src/runtime/misspelt-options.js';
import { disposeRuntime, runtimeFor } from '../../src/runtime/bootstrap.js';
import { OPTION_ATTRIBUTES } from '../../src/runtime/options.js';

const OPTIONS = Object.values(OPTION_ATTRIBUTES);

const element = (attributes: string[]): HTMLElement => {
  const el = document.createElement('migu-consent-options-test');
  for (const name of attributes) el.setAttribute(name, 'x');
  return el;
};

describe('misspelt options', () => {
  it('names each attribute one or two letters off an option, with the option meant', () => {
    const typos: [string, string][] = [
      ['revison', 'revision'], ['revisions', 'revision'], ['polcy-url', 'policy-url'], ['policyurl', 'policy-url'],
      ['cookie_name', 'cookie-name'], ['cookiename', 'cookie-name'], ['cookie-domian', 'cookie-domain'],
      ['expire-days', 'expires-days'], ['reciept-endpoint', 'receipt-endpoint'], ['revok', 'revoke'], ['minr', 'minor'],
      ['server-signal', 'server-signals'], ['lanf', 'lang'], ['dnd', 'dnt'],
    ];
    for (const [attribute, option] of typos) {
      expect(misspeltOptions(element([attribute]), OPTIONS), attribute).to.deep.equal([[attribute, option]]);
    }
  });

  it('says nothing of the options themselves, nor of the attributes any element may have', () => {
    const fine = [...OPTIONS, 'id', 'class', 'style', 'slot', 'part', 'title', 'hidden', 'dir', 'nonce', 'tabindex',
      'translate', 'inert', 'is', 'popover', 'exportparts', 'autofocus', 'config', 'data-revision', 'aria-label', 'onclick', 'version-tag'];
    expect(misspeltOptions(element(fine), OPTIONS)).to.deep.equal([]);
  });

  it('a runtime starting on such an element reports each, once, as an option error; the option keeps its default', () => {
    const el = element(['revison', 'polcy-url', 'class']);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const runtime = runtimeFor(el);
      expect(runtime.options.revision).to.equal('1');
      expect(errors).to.deep.equal([
        '[migu-consent:option] revison: <migu-consent> has no such attribute (did you mean revision?): it is ignored',
        '[migu-consent:option] polcy-url: <migu-consent> has no such attribute (did you mean policy-url?): it is ignored',
      ]);
    } finally {
      console.error = original;
      disposeRuntime(el);
    }
  });
});
