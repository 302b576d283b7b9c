// The demo's own script, not part of migu-consent: the language switch, the personalized
// block (PIPL Art. 24) and the live panel that shows what each tracker did. It only reads
// the consent state through the public API (window.MiguConsent; the ESM page hands over its
// `consent` export as window.demoConsent) and its events, and writes the page with textContent
// only. Loaded in <head>, so it sees every event from the start.
(() => {
  'use strict';

  const api = () => window.MiguConsent ?? window.demoConsent;
  const LANG_KEY = 'demo-lang';
  const LOG_KEY = 'demo-log';

  // ---- language -----------------------------------------------------------------------
  // A language the user picked is a functional preference: kept for the tab only
  // (sessionStorage) unless "functional" is granted, then remembered (localStorage).
  function storedLang() {
    try {
      return sessionStorage.getItem(LANG_KEY) ?? localStorage.getItem(LANG_KEY);
    } catch {
      return null;
    }
  }
  function storeLang(value) {
    try {
      sessionStorage.setItem(LANG_KEY, value);
      if (api()?.isGranted('functional')) localStorage.setItem(LANG_KEY, value);
    } catch { /* storage blocked: this page only */ }
  }
  const query = new URLSearchParams(location.search).get('lang');
  let lang = (query ?? storedLang()) === 'en' ? 'en' : 'zh-CN';
  document.documentElement.lang = lang;
  const t = (zh, en) => (lang === 'en' ? en : zh);

  /** Swaps every `data-en` text (and `data-en-label` aria-label) and tells the consent elements. */
  function applyLang() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-en]')) {
      if (!el.hasAttribute('data-zh')) el.setAttribute('data-zh', el.textContent);
      el.textContent = el.getAttribute(lang === 'en' ? 'data-en' : 'data-zh');
    }
    for (const el of document.querySelectorAll('[data-en-label]')) {
      if (!el.hasAttribute('data-zh-label')) el.setAttribute('data-zh-label', el.getAttribute('aria-label') ?? '');
      el.setAttribute('aria-label', el.getAttribute(lang === 'en' ? 'data-en-label' : 'data-zh-label'));
    }
    for (const el of document.querySelectorAll('migu-consent, migu-consent-gate')) {
      if (el.localName === 'migu-consent') el.setAttribute('lang', lang);
      // re-render in the new language (a no-op before the UI is loaded)
      el.requestUpdate?.();
    }
    for (const button of document.querySelectorAll('[data-lang-switch]')) {
      const target = lang === 'en' ? 'zh-CN' : 'en';
      button.textContent = target === 'en' ? 'English' : '中文';
      button.setAttribute('lang', target);
      button.setAttribute('aria-label', target === 'en' ? 'Switch to English' : '切换到中文');
    }
  }

  // ---- what the panel knows about the page's trackers ----------------------------------
  const CATEGORY = {
    functional: ['功能', 'Functional'],
    analytics: ['统计分析', 'Analytics'],
    personalization: ['个性化推荐', 'Personalization'],
    marketing: ['营销', 'Marketing'],
  };
  // `needs`: the consent of a tracker the page's own code starts (no gated markup to read it from)
  const TRACKERS = [
    { key: 'analytics.js', selector: 'script[data-consent-service="migu-stats"]', kind: ['脚本', 'script'], name: ['咪咕统计', 'Migu Stats'] },
    { key: 'analytics.js', selector: '#esm-analytics', kind: ['脚本 (whenGranted)', 'script (whenGranted)'], name: ['咪咕统计', 'Migu Stats'],
      needs: { categories: ['analytics'], service: 'migu-stats' } },
    { key: 'collect?event=play', selector: 'button.play', kind: ['网络信标 (MiguConsent.beacon)', 'web beacon (MiguConsent.beacon)'], name: ['播放统计', 'Play count'],
      needs: { categories: ['analytics'] }, sent: true },
    { key: 'global-stats.js', selector: 'script[data-consent-service="global-stats"]', kind: ['脚本 · 跨境', 'script · cross-border'], name: ['Global Stats (新加坡)', 'Global Stats (Singapore)'] },
    { key: 'pixel.gif', selector: 'img[data-consent-service="ad-pixel"]', kind: ['像素', 'pixel'], name: ['广告监测像素', 'Ad pixel'] },
    { key: 'click', selector: 'a[data-consent][data-href]', kind: ['点击跟踪链接', 'click-tracked link'], name: ['活动链接', 'Promo link'] },
    { key: 'video.html', selector: 'migu-consent-gate', kind: ['嵌入视频', 'embedded video'], name: ['视频播放器', 'Video player'] },
    { key: 'recommendations.json', selector: '#reco', kind: ['接口请求', 'fetch'], name: ['个性化推荐', 'Recommendations'],
      needs: { categories: ['personalization'], service: 'recommendations' } },
  ];
  const COOKIE_OWNER = {
    migu_consent: ['必要: 您的同意记录', 'necessary: your consent record'],
    demo_analytics_id: ['统计分析 / migu-stats', 'analytics / migu-stats'],
    demo_global_id: ['统计分析 / global-stats (跨境)', 'analytics / global-stats (cross-border)'],
    demo_ad_id: ['营销 / ad-pixel', 'marketing / ad-pixel'],
    demo_video_id: ['营销 / video-player', 'marketing / video-player'],
  };
  /** Who writes a storage key the panel lists (migu-consent's own start with its cookie's name). */
  const STORAGE_OWNER = {
    demo_reco_profile: ['个性化推荐 / reco', 'personalization / reco'],
    [LANG_KEY]: ['演示的语言选择', 'the demo\'s language choice'],
    [LOG_KEY]: ['演示面板的日志 (仅本标签页)', 'the demo panel\'s log (this tab only)'],
  };
  const storageOwner = (key) => (key.startsWith('migu_consent') ? ['必要: migu-consent 自身的状态', 'necessary: migu-consent\'s own state'] : STORAGE_OWNER[key]);

  /** First time (performance time) each /demo-trackers/ resource was fetched on this page, by path and by path with query. */
  const loadedAt = new Map();

  // The log: each line in both languages (a switch shows all of it in the new one), kept for the tab in
  // sessionStorage so that what led to a reload or a navigation (a withdrawal, a tracked click, a new
  // policy) is still there on the page that follows.
  const log = (() => {
    try {
      const kept = JSON.parse(sessionStorage.getItem(LOG_KEY) ?? '[]');
      return Array.isArray(kept) ? kept.filter((e) => e && typeof e.zh === 'string' && typeof e.en === 'string') : [];
    } catch {
      return [];
    }
  })();
  /** `text`: one string for both languages, or [zh, en]. */
  const addLog = (source, text, at = Date.now()) => {
    const [zh, en] = Array.isArray(text) ? text : [text, text];
    log.push({ at, source, zh, en });
    log.splice(0, log.length - 40);
    try {
      sessionStorage.setItem(LOG_KEY, JSON.stringify(log));
    } catch { /* storage blocked: this page's log only */ }
    schedule();
  };

  if (typeof PerformanceObserver === 'function') {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const url = new URL(entry.name, location.href);
          if (!url.pathname.startsWith('/demo-trackers/')) continue;
          const key = url.pathname.slice('/demo-trackers/'.length);
          for (const name of [key, key + url.search]) if (!loadedAt.has(name)) loadedAt.set(name, entry.startTime);
          addLog(entry.initiatorType, [`请求 ${url.pathname}${url.search}`, `requested ${url.pathname}${url.search}`], performance.timeOrigin + entry.startTime);
        }
      }).observe({ type: 'resource', buffered: true });
    } catch { /* no resource timing: the DOM checks below still work */ }
  }

  const categoryName = (id) => (CATEGORY[id] ? t(...CATEGORY[id]) : id);
  const clock = (ms) => {
    const d = new Date(ms);
    return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  };
  const since = (perfTime) => `${clock(performance.timeOrigin + perfTime)} (+${Math.round(perfTime)} ms)`;

  /** The consent an element needs: its categories and service. */
  function needsOf(el, tracker) {
    if (tracker.needs) return tracker.needs;
    const categories = (el.getAttribute('data-consent') ?? el.getAttribute('category') ?? '').split(/\s+/).filter(Boolean);
    const service = el.getAttribute('data-consent-service') ?? el.getAttribute('service') ?? undefined;
    return { categories, service: service || undefined };
  }

  /** Why a tracker may not load now, or '' when it may. */
  function missing(state, { categories, service }) {
    const category = categories.find((c) => state.categories[c] !== true);
    if (category) return t(`未同意「${categoryName(category)}」`, `${categoryName(category)} not granted`);
    if (service && state.services[service] !== true) return t(`未同意服务 ${service}`, `service ${service} not granted`);
    return '';
  }

  /** One tracker's row: name, what it needs, and blocked / loaded / withdrawn, by what and when. */
  function trackerStatus(tracker, el, state) {
    const needs = needsOf(el, tracker);
    const why = missing(state, needs);
    const at = loadedAt.get(tracker.key);
    if (tracker.key === 'click') {
      const tracked = (el.getAttribute('href') ?? '').includes('/demo-trackers/click');
      return tracked
        ? { status: 'tracked', text: t(`跟踪链接生效 (ping: ${el.hasAttribute('ping') ? '开' : '关'})`, `tracked link on (ping ${el.hasAttribute('ping') ? 'on' : 'off'})`) }
        : { status: 'clean', text: t(`干净链接: ${why || '等待'}`, `clean link: ${why || 'waiting'}`) };
    }
    if (tracker.key === 'video.html' && !el.querySelector('iframe')) {
      return why ? { status: 'blocked', text: t(`已拦截: ${why}`, `blocked: ${why}`) } : { status: 'allowed', text: t('已允许，等待加载', 'allowed, waiting') };
    }
    const [done, doneEn] = tracker.sent ? ['发送', 'sent'] : ['加载', 'loaded'];
    if (at !== undefined) {
      return why
        ? { status: 'withdrawn', text: t(`已撤回 (${why})，曾于 ${since(at)} ${done}`, `withdrawn (${why}); ${doneEn} at ${since(at)}`) }
        : { status: 'loaded', text: t(`已${done} ${since(at)}`, `${doneEn} ${since(at)}`) };
    }
    return why
      ? { status: 'blocked', text: t(`已拦截: ${why}`, `blocked: ${why}`) }
      : { status: 'allowed', text: tracker.sent ? t('已允许，播放时发送', 'allowed, sent on play') : t('已允许，等待加载', 'allowed, waiting') };
  }

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    node.append(...children);
    return node;
  };

  function renderPanel() {
    const panel = document.getElementById('panel');
    const consent = api();
    // migu-consent starts (and fires ready) while the parser may still be inside the panel
    if (!panel || !consent || document.readyState === 'loading') return;
    const state = consent.get();

    const rows = [];
    for (const tracker of TRACKERS) {
      const target = document.querySelector(tracker.selector);
      if (!target) continue;
      const needs = needsOf(target, tracker);
      const { status, text } = trackerStatus(tracker, target, state);
      rows.push(el('li', { 'data-tracker': tracker.key, 'data-status': status, class: `tracker ${status}` },
        el('span', { class: 'tname', text: `${t(...tracker.name)}` }),
        el('span', { class: 'tkind', text: `${t(...tracker.kind)} · ${needs.categories.map(categoryName).join(' + ')}${needs.service ? ` / ${needs.service}` : ''}` }),
        el('span', { class: 'tstatus', text })));
    }
    panel.querySelector('#tracker-rows').replaceChildren(...rows);

    const cookies = document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter(Boolean);
    // every key of both areas, the component's own too (its cached config, a pending choice): what the page holds
    const storage = [];
    for (const area of ['localStorage', 'sessionStorage']) {
      try {
        const store = window[area];
        for (let i = 0; i < store.length; i++) storage.push(`${area}.${store.key(i)}`);
      } catch { /* blocked */ }
    }
    const items = [
      ...cookies.map((name) => el('li', { 'data-cookie': name },
        el('code', { text: name }), ` ${COOKIE_OWNER[name] ? t(...COOKIE_OWNER[name]) : ''}`)),
      ...storage.sort().map((item) => {
        const owner = storageOwner(item.slice(item.indexOf('.') + 1));
        return el('li', { 'data-storage': item }, el('code', { text: item }), ` ${owner ? t(...owner) : ''}`);
      }),
    ];
    panel.querySelector('#cookie-list').replaceChildren(...(items.length ? items : [el('li', { class: 'muted', text: t('(无)', '(none)') })]));

    const { dnt, gpc } = state.signals;
    const on = (v) => (v ? t('开启', 'on') : t('未开启', 'off'));
    const raw = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));
    panel.querySelector('#signals').replaceChildren(
      el('dt', { text: 'Do Not Track (DNT)' }),
      el('dd', { 'data-signal': 'dnt', 'data-on': String(dnt), text: `${on(dnt)} ` }, el('code', { text: `navigator.doNotTrack = ${raw(navigator.doNotTrack)}` })),
      el('dt', { text: 'Global Privacy Control (GPC)' }),
      el('dd', { 'data-signal': 'gpc', 'data-on': String(gpc), text: `${on(gpc)} ` }, el('code', { text: `navigator.globalPrivacyControl = ${raw(navigator.globalPrivacyControl)}` })),
      el('dt', { text: t('当前状态来源', 'State source') }), el('dd', { 'data-source': state.source, text: `${state.source}${SOURCE_NOTE[state.source] ? `: ${t(...SOURCE_NOTE[state.source])}` : ''}` }));
    renderAppSim();
    renderPolicy(state);

    panel.querySelector('#log').replaceChildren(...log.slice(-14).reverse().map((entry) =>
      el('li', {}, el('time', { text: clock(entry.at) }), ` ${entry.source}: ${t(entry.zh, entry.en)}`)));
  }

  // ---- the policy revision: a site that changes its policy asks again (docs/attributes.md `revision`) ----
  /** The site's policy as the demo server has it ({ revision, first }), or null where no server answers. */
  let policy = null;
  const pageRevision = () => document.querySelector('migu-consent')?.getAttribute('revision') ?? '';
  function renderPolicy(state) {
    const note = document.getElementById('policy-note');
    if (!note) return;
    const revision = pageRevision();
    for (const span of document.querySelectorAll('[data-policy-revision]')) span.textContent = revision;
    note.textContent = (state.decided
      ? t(`本页的政策版本: ${revision}。您的选择是在这一版本下做出的。`, `This page's policy revision: ${revision}. Your choice was made under it.`)
      : t(`本页的政策版本: ${revision}。您尚未在这一版本下做出选择。`, `This page's policy revision: ${revision}. You have not chosen under it yet.`))
      + (policy && policy.revision !== policy.first ? t(` (由面板发布; 重启 npm start 恢复 ${policy.first})`, ` (published from the panel; restart npm start for ${policy.first})`) : '')
      + (policy ? t(' 发布新版本后，每个页面都带有新版本号，您会被再次询问 (“自定义”中之前关闭的仍为关闭)。', ' Publish a new one: every page then carries it, and you are asked again (what you turned off stays off in Customize).') : '');
  }
  async function loadPolicy() {
    if (!document.getElementById('policy-note')) return;
    try {
      const response = await fetch('/demo-api/policy');
      if (!response.ok) return;
      policy = await response.json();
    } catch {
      return; // served without the demo server: the revision is shown, not changed
    }
    document.getElementById('policy-actions').hidden = false;
    renderPanel();
  }
  async function publishPolicy() {
    try {
      const response = await fetch('/demo-api/policy', { method: 'POST' });
      ({ revision: policy.revision } = await response.json());
    } catch {
      return;
    }
    addLog('policy', [`发布了新的政策版本 ${policy.revision}: 重新加载本页`, `published policy revision ${policy.revision}: reloading the page`]);
    location.reload();
  }

  // ---- the simulated app (demo/app-shim.js) and the sibling site (docs/sibling-domains.md) ----
  const SOURCE_NOTE = {
    signal: ['已按浏览器信号关闭非必要跟踪', 'non-essential tracking off by the browser signal'],
    app: ['来自 App 的选择 (MiguConsentNative)', 'the app\'s choice (MiguConsentNative)'],
    sibling: ['兄弟站点的链接带来的选择', 'handed over by a link from the sibling site'],
  };
  /** The other host name of the demo server: 127.0.0.1 and localhost play two registrable domains. */
  const siblingHost = () => (location.hostname === 'localhost' ? '127.0.0.1' : 'localhost');

  function renderAppSim() {
    const toggle = document.getElementById('app-toggle');
    const app = window.demoApp;
    // the ESM page has no app shim: an app bundles the npm build with its own bridge (docs/native-app.md)
    document.getElementById('app-sibling')?.toggleAttribute('hidden', !app);
    if (!toggle || !app) return;
    toggle.checked = Boolean(app.mode);
    const platform = document.getElementById('app-platform');
    if (app.mode) platform.value = app.mode;
    const stored = app.stored();
    document.getElementById('app-note').textContent = app.mode
      ? t(`App (${app.mode}) 保存的选择: ${stored || '(无)'}`, `The app's (${app.mode}) stored choice: ${stored || '(none)'}`)
      : t('打开后，本页如同在咪咕 App 的 WebView 中打开: App 刚选择了“仅统计分析”，通过 MiguConsentNative 交给页面；页面中的选择会交回 App。',
        'When on, this page opens as in a Migu app\'s WebView: the app, where the user just chose analytics only, hands its choice over through MiguConsentNative, and choices made here go back to it.');
    const link = document.getElementById('sibling-link');
    link.href = `${location.protocol}//${siblingHost()}${location.port ? `:${location.port}` : ''}${location.pathname}`;
    document.getElementById('sibling-note').textContent = t(
      `(${siblingHost()}: 扮演另一个注册域名，Cookie 各自独立；点击时链接带上您的选择)`,
      `(${siblingHost()} plays another registrable domain, with cookies of its own; the link carries your choice when clicked)`);
  }

  // ---- personalized or not (PIPL Art. 24: an off switch, and content that does not use personal data) ----
  const GENERIC = {
    'zh-CN': ['本周热歌榜 Top 1: 《星河漫游》 林一', '新歌首发: 《晚风里的城》 苏晴', '全站热播: 纪录片《山海之间》', '编辑精选: 经典华语老歌'],
    en: ['Chart no. 1 this week: “Starlit Drift”, Lin Yi', 'New release: “City in the Evening Wind”, Su Qing', 'Most watched: “Between Mountains and Seas”', 'Editors’ pick: Mandarin classics'],
  };
  let recoRequest = 0;
  /** The personalized list by language: asked once per page view (not once per caller: ready, a change, the switch) while personalization holds. */
  const recoLists = new Map();
  async function renderReco() {
    const box = document.getElementById('reco');
    const consent = api();
    if (!box || !consent || document.readyState === 'loading') return;
    const request = ++recoRequest;
    const on = consent.isGranted('personalization', 'recommendations');
    const toggle = box.querySelector('#reco-switch');
    toggle.checked = on;
    let items = GENERIC[lang];
    if (!on) recoLists.clear(); // withdrawn: what was personalized goes, and a new grant asks anew
    else {
      if (!recoLists.has(lang)) {
        recoLists.set(lang, fetch(`/demo-trackers/recommendations.json?lang=${lang === 'en' ? 'en' : 'zh-CN'}`)
          .then((response) => response.json())
          .then((list) => {
            // a withdrawal while the request was out deleted the profile: it stays deleted
            if (api()?.isGranted('personalization', 'recommendations')) localStorage.setItem('demo_reco_profile', JSON.stringify({ updated: Date.now(), tastes: ['folk', 'documentary'] }));
            return list.items;
          }));
      }
      const asked = recoLists.get(lang);
      try {
        items = await asked;
      } catch {
        if (recoLists.get(lang) === asked) recoLists.delete(lang); // asked again on the next render
      }
    }
    // a newer render (a toggle, a withdrawal) won meanwhile
    if (request !== recoRequest) return;
    const personalized = on && consent.isGranted('personalization', 'recommendations');
    box.dataset.mode = personalized ? 'personalized' : 'generic';
    box.querySelector('#reco-note').textContent = personalized
      ? t('根据您的收听和观看记录推荐。可随时关闭。', 'Based on what you play and watch. You can switch this off at any time.')
      : t('个性化推荐已关闭：以下内容按全站热度排序，不使用您的个人信息。', 'Personalized recommendations are off: this list is sorted by overall popularity and uses no personal data.');
    box.querySelector('#reco-list').replaceChildren(...(personalized ? items : GENERIC[lang]).map((text) => el('li', { text })));
    renderPanel();
  }

  // ---- the collector's stored history of this consentId (npm start runs the real collector) ----
  let historyRequest = 0;
  async function renderHistory() {
    const list = document.getElementById('receipt-history');
    const consentId = api()?.get().consentId;
    if (!list) return;
    const mine = ++historyRequest;
    let history;
    try {
      const response = await fetch(`/demo-api/receipts/history?consentId=${encodeURIComponent(consentId ?? '')}`);
      history = await response.json();
    } catch {
      return;
    }
    if (mine !== historyRequest) return;
    const rows = (history.receipts ?? []).map((r) => el('li', { 'data-receipt': r.receiptId },
      el('time', { text: clock(Date.parse(r.storedAt)) }),
      // `action` is optional at the collector (a receipt with the contract's fields alone)
      ` ${r.action ?? r.source}: ${Object.entries(r.categories).filter(([, on]) => on).map(([id]) => categoryName(id)).join(', ') || '-'}`));
    if (history.deletion) rows.push(el('li', { class: 'muted', text: `${t('已删除', 'deleted')}: ${history.deletion.receipts}` }));
    list.replaceChildren(...(rows.length ? rows : [el('li', { class: 'muted', text: history.collector
      ? t('(尚无)', '(none yet)') : t('(收集器未运行: npm start 会启动它)', '(collector not running: npm start runs it)') })]));
  }

  // ---- wiring ------------------------------------------------------------------------------
  let pending = false;
  function schedule() {
    if (pending || document.readyState === 'loading') return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderPanel();
    });
  }

  // how this page was reached: after the lines the page before it logged
  {
    const page = location.pathname.split('/').pop() || 'index.html';
    const nav = performance.getEntriesByType?.('navigation')[0];
    const how = { reload: ['重新加载', 'reloaded'], back_forward: ['返回', 'back to'] }[nav?.type] ?? ['打开', 'opened'];
    const via = nav?.redirectCount ? [` (经 ${nav.redirectCount} 次跳转)`, ` (through ${nav.redirectCount} redirect)`] : ['', ''];
    addLog('page', [`${how[0]} ${page}${via[0]}`, `${how[1]} ${page}${via[1]}`]);
  }

  document.addEventListener('demo-log', () => {
    const entries = window.demoLog ?? [];
    for (const entry of entries.splice(0)) addLog(entry.source, entry.text, entry.at);
  });
  document.addEventListener('migu-consent-ready', () => {
    const decided = api()?.get().decided;
    addLog('migu-consent-ready', [`已决定: ${decided ? '是' : '否'}`, `decided: ${decided ? 'yes' : 'no'}`]);
    void renderReco();
    void renderHistory();
  });
  document.addEventListener('migu-consent-change', (e) => {
    const { granted, revoked } = e.detail;
    addLog('migu-consent-change', [`授予: ${granted.join(', ') || '-'}; 撤回: ${revoked.join(', ') || '-'}`, `granted: ${granted.join(', ') || '-'}; revoked: ${revoked.join(', ') || '-'}`]);
    // a stored language becomes a remembered one once functional is granted, and goes with it
    if (granted.includes('functional')) storeLang(lang);
    void renderReco();
    // the receipt is posted right after the change: ask once it has had time to be stored
    setTimeout(() => { void renderHistory(); }, 1500);
  });

  document.addEventListener('DOMContentLoaded', () => {
    applyLang();
    document.dispatchEvent(new CustomEvent('demo-log'));
    for (const button of document.querySelectorAll('[data-lang-switch]')) {
      button.addEventListener('click', () => {
        lang = lang === 'en' ? 'zh-CN' : 'en';
        storeLang(lang);
        applyLang();
        void renderReco();
        renderPanel();
      });
    }
    document.getElementById('reco-switch')?.addEventListener('change', (e) => {
      void api()?.update({ personalization: e.target.checked });
    });
    document.getElementById('reset-choice')?.addEventListener('click', () => { api()?.reset(); });
    document.getElementById('policy-publish')?.addEventListener('click', () => { void publishPolicy(); });
    // the site's own measurement: a play count, sent as a web beacon only with analytics (MiguConsent.beacon)
    for (const button of document.querySelectorAll('button.play')) {
      button.addEventListener('click', () => {
        const song = button.closest('li')?.querySelector('.song-title')?.textContent ?? '';
        const sent = api()?.beacon('analytics', '/demo-trackers/collect?event=play', JSON.stringify({ song }));
        addLog('beacon', sent
          ? [`播放统计已发送: ${song}`, `play count sent: ${song}`]
          : [`播放统计未发送: 未同意「${CATEGORY.analytics[0]}」`, `play count not sent: ${CATEGORY.analytics[1]} not granted`]);
      });
    }
    // a tracked link leaves the page: say so here, the log is read on the next page
    document.addEventListener('click', (e) => {
      const link = e.target instanceof Element ? e.target.closest('a[href*="/demo-trackers/click"]') : null;
      if (!link) return;
      const ping = link.getAttribute('ping');
      addLog('click', [`跟踪链接: 经 /demo-trackers/click 跳转${ping ? `，ping ${ping}` : ''}`, `tracked link: through /demo-trackers/click${ping ? `, ping ${ping}` : ''}`]);
    }, true);
    const appToggle = document.getElementById('app-toggle');
    const appPlatform = document.getElementById('app-platform');
    appToggle?.addEventListener('change', () => { window.demoApp?.setMode(appToggle.checked ? appPlatform.value : null); });
    appPlatform?.addEventListener('change', () => { if (appToggle.checked) window.demoApp?.setMode(appPlatform.value); });
    void renderReco();
    void loadPolicy();
    renderPanel();
    // cookies set by responses and scripts have no event: look again every second
    setInterval(renderPanel, 1000);
  });
})();
