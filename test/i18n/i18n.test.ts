import { expect } from '@open-wc/testing';
import { DEFAULT_CATEGORY_IDS } from '../../src/core/config.js';
import { en } from '../../src/i18n/en.js';
import { describeCategory, fill, resolveLang, stringsFor, textOf } from '../../src/i18n/i18n.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { zhTW } from '../../src/i18n/zh-TW.js';

describe('i18n', () => {
  it('maps language tags onto zh-CN, zh-TW and en', () => {
    const cases: [string | null, string][] = [
      ['zh', 'zh-CN'], ['zh-CN', 'zh-CN'], ['zh-Hans', 'zh-CN'], ['zh-Hans-CN', 'zh-CN'], ['ZH-cn', 'zh-CN'],
      ['zh-TW', 'zh-TW'], ['zh-Hant', 'zh-TW'], ['zh-HK', 'zh-TW'], ['zh-Hant-HK', 'zh-TW'], ['zh-MO', 'zh-TW'],
      ['en', 'en'], ['en-US', 'en'], ['en-GB', 'en'],
      ['fr', 'zh-CN'], ['', 'zh-CN'], [null, 'zh-CN'], ['eng', 'zh-CN'], ['zhx', 'zh-CN'],
      // locale ids written with `_`, as pages often do; the script wins over the region
      ['en_US', 'en'], ['zh_TW', 'zh-TW'], ['zh_HK', 'zh-TW'], ['zh_CN', 'zh-CN'], ['zh-Hans-HK', 'zh-CN'], ['zh-Hans-TW', 'zh-CN'],
      ['zh_Hant_HK', 'zh-TW'], ['zh-Hant-CN', 'zh-TW'],
      // Cantonese and Mandarin tags, by their script or region (i18n probe F3: they got simplified Chinese)
      ['yue-Hant-HK', 'zh-TW'], ['yue-HK', 'zh-TW'], ['cmn-Hant-TW', 'zh-TW'], ['yue-Hans-CN', 'zh-CN'], ['cmn-Hans-CN', 'zh-CN'],
      ['cmn', 'zh-CN'], ['yue', 'zh-CN'], ['zh-yue-HK', 'zh-TW'], ['en-HK', 'en'],
    ];
    for (const [tag, lang] of cases) expect(resolveLang(tag), String(tag)).to.equal(lang);
  });

  it('every language has every string, and no two languages are the same text', () => {
    const keys = Object.keys(zhCN).sort();
    for (const t of [zhTW, en]) expect(Object.keys(t).sort()).to.deep.equal(keys);
    for (const t of [zhCN, zhTW, en]) {
      for (const [key, value] of Object.entries(t) as [string, string][]) expect(value.trim(), key).not.to.equal('');
    }
    expect(zhCN.bannerText).not.to.equal(zhTW.bannerText);
    expect(zhCN.gateAllow).to.contain('{name}');
    expect(en.gateBlocked).to.contain('{name}');
  });

  it('labels and describes the five default categories; personalization is 个性化推荐 with PIPL Art. 24', () => {
    for (const id of DEFAULT_CATEGORY_IDS) {
      for (const [lang, t] of [['zh-CN', zhCN], ['zh-TW', zhTW], ['en', en]] as const) {
        const [label, description] = describeCategory({ id }, lang, t);
        expect(label, `${lang} ${id}`).not.to.equal(id);
        expect(description, `${lang} ${id}`).not.to.equal('');
      }
    }
    expect(describeCategory({ id: 'personalization' }, 'zh-CN', zhCN)).to.deep.equal([
      '个性化推荐', zhCN.personalizationDescription,
    ]);
    expect(zhCN.personalizationDescription).to.contain('第二十四条');
    expect(en.personalizationDescription).to.contain('Art. 24');
  });

  it('config text wins over the defaults, per language with fallbacks; unknown ids show their id', () => {
    expect(describeCategory({ id: 'analytics', label: '数据统计' }, 'en', en)[0]).to.equal('数据统计');
    expect(describeCategory({ id: 'analytics', label: { en: 'Stats' } }, 'zh-TW', zhTW)[0]).to.equal('Stats');
    expect(describeCategory({ id: 'video' }, 'en', en)).to.deep.equal(['video', '']);
    expect(textOf({ 'zh-CN': '简', 'zh-TW': '繁' }, 'zh-TW')).to.equal('繁');
    expect(textOf({ 'zh-TW': '繁' }, 'en')).to.equal('繁');
    expect(textOf(undefined, 'en')).to.equal(undefined);
  });

  it('site texts override strings of their language only', () => {
    const texts = { en: { acceptAll: 'OK, all' }, 'zh-CN': { rejectAll: '不同意' } };
    expect(stringsFor('en', texts)?.[1].acceptAll).to.equal('OK, all');
    expect(stringsFor('en', texts)?.[1].rejectAll).to.equal('Reject all');
    expect(stringsFor('zh-CN', texts)?.[1].rejectAll).to.equal('不同意');
    expect(stringsFor('zh-TW', texts)).to.deep.equal(['zh-TW', zhTW], 'the npm build has every language at once');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('允许“{name}”并加载', { name: '<b>x</b>' })).to.equal('允许“<b>x</b>”并加载');
    expect(fill('{a}{b}', { a: '1' })).to.equal('1{b}');
  });
});
