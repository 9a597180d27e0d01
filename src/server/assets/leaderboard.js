// The leaderboard page: fetches the challenge's snapshot JSON and redraws when its ETag changes.
// Rules: every figure shown is a value of the snapshot (or of the re-scored view the server
// answers), only formatted here: the page computes no score, share, total or per-capita value.
// Untrusted strings (town names, post text, authors) only ever go through textContent or
// setAttribute on inert attributes; no innerHTML anywhere; no request leaves this origin.
'use strict';

(() => {
  const LABELS = window.CampanileLabels;
  // Twelve colours far apart; a town keeps its colour whatever the view or its rank.
  const PALETTE = ['#ffd23f', '#4cc9f0', '#f72585', '#4ade80', '#ff8c42', '#b388ff', '#00f5d4', '#eeeeee', '#c0ca33', '#1e88e5', '#ffab91', '#a1887f'];
  const PAGE_SECONDS = 10;

  const params = new URLSearchParams(location.search);
  const challengeId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const refreshMs = Math.max(5, Number(params.get('refresh')) || 30) * 1000;
  /** A snapshot older than this is announced as stale (minutes; snapshots are written every few minutes). */
  const staleMs = Math.max(1, Number(params.get('stale')) || 15) * 60_000;
  const screen = params.get('screen') === '1';
  const requestedLang = LABELS[params.get('lang')] ? params.get('lang') : null;
  const state = {
    lang: requestedLang || browserLang(),
    /** True once the viewer (URL or button) chose the language; else the challenge's language wins. */
    langChosen: Boolean(requestedLang),
    /** null: the official scoring; 'raw' | 'perCapita': the one the viewer chose. */
    scoring: params.get('scoring') === 'raw' || params.get('scoring') === 'perCapita' ? params.get('scoring') : null,
    /** 'hashtags': the challenge; 'reach': the official accounts (attrattiva digitale). */
    tab: params.get('tab') === 'reach' ? 'reach' : 'hashtags',
    doc: null,
    etag: null,
    timer: null,
    pageTimer: null,
    page: 0,
  };

  function browserLang() {
    const preferred = String((navigator.languages && navigator.languages[0]) || navigator.language || 'it').toLowerCase().slice(0, 2);
    return LABELS[preferred] ? preferred : 'en';
  }
  const t = (key) => LABELS[state.lang][key];
  const $ = (id) => document.getElementById(id);
  const locale = () => t('locale');
  const num = (n, digits = 0) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  const pct = (share) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
  // Dates and times read in the challenge's time zone, wherever the screen is.
  const zone = () => (state.doc && state.doc.window && typeof state.doc.window.timezone === 'string' ? state.doc.window.timezone : undefined);
  const formatter = (options) => {
    try {
      return new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone() });
    } catch {
      return new Intl.DateTimeFormat(locale(), options);
    }
  };
  const date = (iso, offsetMs = 0) => formatter({ day: 'numeric', month: 'short' }).format(new Date(new Date(iso).getTime() + offsetMs));
  const time = (iso) => formatter({ hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' }).format(new Date(iso));
  const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
  const postsOf = (s) => (s.components && s.components.posts && isNumber(s.components.posts.raw) ? s.components.posts.raw : 0);
  const nameOf = (s) => (s && s.locality ? String(s.locality.name) : '?');

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  /** A sentence whose figures are their own elements (so a test and a screen reader find them). */
  function sentence(parts) {
    const span = el('span');
    for (const part of parts) span.append(typeof part === 'string' ? document.createTextNode(part) : part);
    return span;
  }
  const figure = (name, value, digits = 0) => el('span', `figure fig-${name}`, num(value, digits));

  /** The challenge's own scoring, whichever view `doc` is. */
  function officialScoring(doc) {
    if (!doc || !doc.rules) return null;
    const shown = doc.rules.perCapita ? 'perCapita' : 'raw';
    if (doc.view && doc.view.official === false) return shown === 'perCapita' ? 'raw' : 'perCapita';
    return shown;
  }
  const effectiveScoring = (doc) => state.scoring || officialScoring(doc) || 'raw';

  /** Colour per town: its place among the towns sorted by id, the same in every view and snapshot. */
  function colours(standings) {
    const ids = standings.map((s) => String(s.locality && s.locality.id)).sort();
    return new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
  }

  function dataUrl() {
    const url = new URL(`../v1/challenges/${encodeURIComponent(challengeId)}/leaderboard`, location.href);
    if (state.scoring) url.searchParams.set('scoring', state.scoring);
    return url;
  }

  async function refresh() {
    clearTimeout(state.timer);
    try {
      const res = await fetch(dataUrl(), { cache: 'no-cache', headers: { accept: 'application/json' } });
      if (res.status === 404) {
        state.doc = null;
        state.etag = null;
        render();
      } else if (!res.ok) {
        throw new Error(`HTTP ${res.status}`);
      } else {
        const etag = res.headers.get('etag');
        if (!etag || etag !== state.etag) {
          state.doc = await res.json();
          state.etag = etag;
          const language = state.doc && state.doc.challenge && state.doc.challenge.language;
          if (!state.langChosen && LABELS[language]) state.lang = language;
          render();
        } else renderBanner(state.doc);
      }
      $('status').textContent = '';
    } catch {
      $('status').textContent = t('offline');
    } finally {
      state.timer = setTimeout(refresh, refreshMs);
    }
  }

  function renderStatic() {
    document.documentElement.lang = state.lang;
    document.body.classList.toggle('screen', screen);
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
    for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === state.lang));
    const scoring = effectiveScoring(state.doc);
    for (const button of document.querySelectorAll('[data-scoring]')) button.setAttribute('aria-pressed', String(button.getAttribute('data-scoring') === scoring));
    for (const button of document.querySelectorAll('[data-tab]')) {
      const selected = button.getAttribute('data-tab') === state.tab;
      button.setAttribute('aria-selected', String(selected));
      button.setAttribute('aria-pressed', String(selected));
    }
  }

  /** The second tab exists only when the snapshot has an accounts section. */
  function renderTabs(doc) {
    const reach = doc && doc.accounts && Array.isArray(doc.accounts.ranking) ? doc.accounts : null;
    const showReach = Boolean(reach) && state.tab === 'reach';
    $('tabs').hidden = !reach;
    $('hashtags-main').hidden = showReach;
    $('reach-main').hidden = !showReach;
    $('scoring-toggle').hidden = showReach;
    if (showReach && window.CampanileReach) window.CampanileReach.render(reach, state.lang, { $, el, num, day: (d) => date(`${d}T12:00:00Z`) });
  }

  /** Stale (no new snapshot for a while) or incomplete (a source failing): said at the top, in words. */
  function renderBanner(doc) {
    const lines = [];
    if (doc && doc.generatedAt && Date.now() - new Date(doc.generatedAt).getTime() > staleMs) {
      lines.push(el('p', 'stale', t('stale')(time(doc.generatedAt))));
    }
    const coverage = doc && doc.coverage;
    if (coverage && coverage.complete === false) {
      const failing = (Array.isArray(coverage.sources) ? coverage.sources : []).filter((s) => !s.healthy);
      const detail = failing.map((s) => `${s.platform} (${s.lastSuccessAt ? `${t('lastData')} ${time(s.lastSuccessAt)}` : t('never')})`);
      lines.push(el('p', 'incomplete', t('incomplete')(detail.join(', '))));
    }
    $('banner').replaceChildren(...lines);
    $('banner').hidden = lines.length === 0;
  }

  function renderTotals(doc) {
    const w = doc.window || {};
    const parts = [];
    if (w.start && w.end) parts.push(document.createTextNode(t('window')(date(w.start), date(w.end, -1))));
    const posts = doc.coverage && doc.coverage.posts;
    if (posts) {
      parts.push(sentence(t('counted')(figure('counted', posts.counted), figure('stored', posts.stored))));
      if (posts.unattributed > 0) parts.push(sentence(t('unattributed')(figure('unattributed', posts.unattributed))));
      if (posts.lowConfidence > 0) parts.push(sentence(t('lowConfidence')(figure('low-confidence', posts.lowConfidence))));
      if (posts.stored > posts.counted + posts.unattributed + posts.lowConfidence) parts.push(document.createTextNode(t('excluded')));
    }
    const nodes = [];
    parts.forEach((p, i) => nodes.push(...(i > 0 ? [document.createTextNode(' · '), p] : [p])));
    $('subtitle').replaceChildren(...nodes);
  }

  function render() {
    renderStatic();
    const doc = state.doc;
    const standings = doc && Array.isArray(doc.standings) ? doc.standings : [];
    renderBanner(doc);
    if (!doc) {
      $('empty').hidden = false;
      $('empty').textContent = t('noSnapshot');
      renderTabs(null);
      for (const id of ['standings', 'chart', 'legend', 'sentiment', 'posts']) $(id).replaceChildren();
      return;
    }
    const title = (doc.challenge && doc.challenge.title) || challengeId;
    $('title').textContent = title;
    document.title = `${title} — ${t('standings')}`;
    renderTotals(doc);
    const official = !(doc.view && doc.view.official === false);
    const floor = doc.rules && doc.rules.populationFloor;
    const perCapita = effectiveScoring(doc) === 'perCapita';
    $('scoring-note').textContent = [official ? t('official') : t('alternate'), perCapita && floor > 0 ? t('floor')(num(floor)) : ''].filter(Boolean).join(' · ');
    $('updated').textContent = doc.generatedAt ? `${t('updated')}: ${time(doc.generatedAt)}` : '';
    renderTabs(doc);
    const counted = doc.coverage && doc.coverage.posts ? doc.coverage.posts.counted : standings.reduce((n, s) => n + postsOf(s), 0);
    const empty = counted === 0;
    document.body.classList.toggle('no-posts', empty);
    $('empty').hidden = !empty;
    $('empty').replaceChildren(...(empty ? [el('strong', '', t('noPosts')), el('span', '', ` ${t('noPostsTowns')(num(standings.length))}`)] : []));
    const palette = colours(standings);
    renderStandings(empty ? [] : standings, official, palette);
    // The chart last: it is drawn at the size the other panels leave it.
    renderSentiment(doc, empty ? [] : standings);
    renderPosts(empty ? [] : standings);
    renderChart(doc, empty ? [] : standings, palette);
    paginate();
  }

  function renderStandings(standings, official, palette) {
    const best = Math.max(0, ...standings.map((s) => (isNumber(s.score) ? s.score : 0)));
    const items = standings.map((s, i) => {
      const li = el('li', i === 0 ? 'leader' : '');
      li.dataset.locality = s.locality ? String(s.locality.id) : '';
      li.append(el('span', 'rank', s.rank));
      const change = el('span', 'change');
      if (official) {
        if (s.rankChange === null || s.rankChange === undefined) change.classList.add('new'), (change.textContent = t('new'));
        else if (s.rankChange > 0) change.classList.add('up'), (change.textContent = `▲${s.rankChange}`);
        else if (s.rankChange < 0) change.classList.add('down'), (change.textContent = `▼${-s.rankChange}`);
        else change.classList.add('same'), (change.textContent = '=');
      }
      li.append(change);
      const town = el('div', 'town');
      const name = el('span', 'name', nameOf(s));
      name.style.setProperty('--town', palette.get(String(s.locality && s.locality.id)) || PALETTE[0]);
      town.append(name);
      const bar = el('div', 'bar');
      bar.style.width = `${best > 0 ? Math.max(0.5, (100 * (s.score || 0)) / best) : 0.5}%`;
      town.append(bar);
      const posts = postsOf(s);
      const details = [sentence([figure('posts', posts), ` ${posts === 1 ? t('post') : t('posts')}`])];
      const perThousand = s.components && s.components.posts && s.components.posts.perCapita;
      if (isNumber(perThousand)) details.push(sentence([figure('per-thousand', perThousand, 2), ` ${t('perThousand')}`]));
      const authors = s.components && s.components.authors && s.components.authors.raw;
      if (authors) {
        const part = sentence([' · ', figure('authors', authors), ` ${authors === 1 ? t('author') : t('authors')}`]);
        part.className = 'authors-part';
        details.push(part);
      }
      const detail = el('span', 'detail');
      details.forEach((d, j) => detail.append(...(j > 0 && d.className !== 'authors-part' ? [document.createTextNode(' · '), d] : [d])));
      town.append(detail);
      li.append(town);
      const value = el('div', 'value');
      value.append(el('span', 'score', num(isNumber(s.score) ? s.score : 0, 2)), el('span', 'unit', t('points')));
      li.append(value);
      return li;
    });
    $('standings').replaceChildren(...items);
  }

  function renderChart(doc, standings, palette) {
    const perCapita = effectiveScoring(doc) === 'perCapita';
    $('chart-heading').textContent = perCapita ? t('volumePerCapita') : t('volume');
    const drawn = window.CampanileChart.render(doc, standings, { perCapita, screen, palette, fallback: PALETTE[0] }, { $, el, num, time, figure, nameOf, postsOf, isNumber });
    $('chart-panel').hidden = !drawn;
  }

  function sentimentBar(shares) {
    const bar = el('div', 'sentbar');
    for (const [cls, key] of [['pos', 'positive'], ['neu', 'neutral'], ['neg', 'negative']]) {
      const share = shares[`${key}Share`];
      const part = el('span', cls);
      part.style.width = `${isNumber(share) ? share * 100 : 0}%`;
      part.title = `${t(key)} ${pct(isNumber(share) ? share : 0)}`;
      bar.append(part);
    }
    return bar;
  }

  function renderSentiment(doc, standings) {
    const overall = doc.totals && doc.totals.sentiment;
    $('sentiment-panel').hidden = !overall || standings.length === 0;
    if (!overall) return $('sentiment').replaceChildren();
    const nodes = [sentimentBar(overall)];
    const keys = el('div', 'sentkeys');
    for (const [cls, key] of [['pos-key', 'positive'], ['neu-key', 'neutral'], ['neg-key', 'negative']]) {
      const item = sentence([`▮ ${t(key)} `, el('span', 'figure fig-share', pct(overall[`${key}Share`]))]);
      item.className = cls;
      keys.append(item);
    }
    nodes.push(keys);
    for (const s of standings.filter((x) => postsOf(x) > 0).slice(0, 4)) {
      const row = el('div', 'sentrow');
      row.append(el('span', 'label', nameOf(s)), sentimentBar(s));
      nodes.push(row);
    }
    $('sentiment').replaceChildren(...nodes);
  }

  function renderPosts(standings) {
    const items = [];
    for (const s of standings.slice(0, 5)) {
      const posts = Array.isArray(s.topPosts) ? s.topPosts.slice(0, 2) : [];
      for (const p of posts) {
        if (!p || typeof p !== 'object') continue;
        const li = el('li');
        li.append(el('div', 'text', typeof p.text === 'string' ? p.text : ''));
        const meta = el('div', 'meta');
        const parts = [nameOf(s), typeof p.author === 'string' ? p.author : '', isNumber(p.engagement) ? `${num(p.engagement)} ${t('engagement')}` : ''].filter(Boolean);
        meta.append(document.createTextNode(parts.join(' · ')));
        // The server publishes only http(s) URLs; checked again here, as the page renders them.
        if (typeof p.url === 'string' && /^https?:\/\//i.test(p.url)) {
          const link = el('a', '', ' ↗');
          link.href = p.url;
          link.rel = 'noopener noreferrer';
          link.target = '_blank';
          meta.append(link);
        }
        li.append(meta);
        items.push(li);
      }
    }
    $('posts').replaceChildren(...items.slice(0, 3));
    $('posts-panel').hidden = items.length === 0;
  }

  /**
   * Screen mode: show the rows that fit the standings panel and page through the rest every
   * PAGE_SECONDS; elsewhere every row is shown.
   */
  function paginate() {
    clearInterval(state.pageTimer);
    const rows = [...$('standings').children];
    for (const row of rows) row.hidden = false;
    $('pager').textContent = '';
    if (!screen || rows.length === 0) return;
    const list = $('standings');
    const panel = list.closest('.panel');
    const room = panel.getBoundingClientRect().bottom - list.getBoundingClientRect().top - parseFloat(getComputedStyle(panel).paddingBottom);
    const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    const rowHeight = rows[0].getBoundingClientRect().height + gap;
    const perPage = Math.max(1, Math.floor((room + gap) / rowHeight));
    const pages = Math.ceil(rows.length / perPage);
    if (state.page >= pages) state.page = 0;
    const show = () => {
      rows.forEach((row, i) => (row.hidden = Math.floor(i / perPage) !== state.page));
      $('pager').textContent = pages > 1 ? t('page')(state.page + 1, pages) : '';
    };
    show();
    if (pages > 1) {
      state.pageTimer = setInterval(() => {
        state.page = (state.page + 1) % pages;
        show();
      }, PAGE_SECONDS * 1000);
    }
  }

  function setParam(key, value) {
    const url = new URL(location.href);
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
    history.replaceState(null, '', url);
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const button of document.querySelectorAll('[data-scoring]')) {
      button.addEventListener('click', () => {
        const chosen = button.getAttribute('data-scoring');
        const official = officialScoring(state.doc);
        // Choosing the official scoring goes back to the stored snapshot (with rank changes).
        state.scoring = chosen === official ? null : chosen;
        setParam('scoring', state.scoring);
        state.etag = null;
        renderStatic();
        refresh();
      });
    }
    for (const button of document.querySelectorAll('[data-tab]')) {
      button.addEventListener('click', () => {
        state.tab = button.getAttribute('data-tab') === 'reach' ? 'reach' : 'hashtags';
        setParam('tab', state.tab === 'reach' ? 'reach' : null);
        render();
      });
    }
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => {
        state.lang = button.getAttribute('data-lang');
        state.langChosen = true;
        setParam('lang', state.lang);
        render();
      });
    }
    let lastSize = `${window.innerWidth}x${window.innerHeight}`;
    window.addEventListener('resize', () => {
      const size = `${window.innerWidth}x${window.innerHeight}`;
      if (size === lastSize || !state.doc) return;
      lastSize = size;
      render();
    });
    renderStatic();
    refresh();
  });
})();
