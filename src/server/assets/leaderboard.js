// The leaderboard page: fetches the challenge's snapshot JSON and redraws when its ETag changes.
// Rules: untrusted strings (town names, post text, authors) only ever go through textContent or
// setAttribute on inert attributes; no innerHTML anywhere; no request leaves this origin.
'use strict';

(() => {
  const LABELS = {
    it: {
      standings: 'Classifica',
      volume: 'Post nel tempo (cumulativi)',
      volumePerCapita: 'Post ogni 1.000 abitanti nel tempo (cumulativi)',
      sentiment: 'Sentiment',
      topPosts: 'Post più apprezzati',
      scoring: 'Punteggio',
      raw: 'Totale',
      perCapita: 'Per abitante',
      points: 'punti',
      post: 'post',
      posts: 'post',
      perThousand: 'ogni 1.000 ab.',
      author: 'autore',
      authors: 'autori',
      inhabitants: 'abitanti',
      positive: 'positivo',
      neutral: 'neutro',
      negative: 'negativo',
      overall: 'Complessivo',
      new: 'nuovo',
      updated: 'Aggiornato',
      official: 'Classifica ufficiale',
      alternate: 'Vista alternativa: la classifica ufficiale usa un altro punteggio',
      noSnapshot: 'Nessuna classifica ancora: torna tra poco.',
      offline: 'Connessione persa, nuovo tentativo…',
      window: (from, to) => `Dal ${from} al ${to}`,
      totals: (n) => `${n} post in gara`,
      engagement: 'interazioni',
      tabHashtags: 'Hashtag',
      tabReach: 'Attrattiva digitale',
    },
    en: {
      standings: 'Standings',
      volume: 'Posts over time (cumulative)',
      volumePerCapita: 'Posts per 1,000 inhabitants over time (cumulative)',
      sentiment: 'Sentiment',
      topPosts: 'Top posts',
      scoring: 'Scoring',
      raw: 'Total',
      perCapita: 'Per capita',
      points: 'points',
      post: 'post',
      posts: 'posts',
      perThousand: 'per 1,000 inh.',
      author: 'author',
      authors: 'authors',
      inhabitants: 'inhabitants',
      positive: 'positive',
      neutral: 'neutral',
      negative: 'negative',
      overall: 'Overall',
      new: 'new',
      updated: 'Updated',
      official: 'Official standings',
      alternate: 'Alternative view: the official standings use the other scoring',
      noSnapshot: 'No standings yet: check back soon.',
      offline: 'Connection lost, retrying…',
      window: (from, to) => `From ${from} to ${to}`,
      totals: (n) => `${n} posts in the challenge`,
      engagement: 'interactions',
      tabHashtags: 'Hashtags',
      tabReach: 'Digital reach',
    },
  };
  const COLORS = ['#ffd23f', '#4cc9f0', '#f72585', '#4ade80', '#ff8c42', '#b388ff'];
  const SVG = 'http://www.w3.org/2000/svg';

  const params = new URLSearchParams(location.search);
  const challengeId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const refreshMs = Math.max(5, Number(params.get('refresh')) || 30) * 1000;
  const state = {
    lang: pickLang(params.get('lang')),
    /** null: the official scoring; 'raw' | 'perCapita': the one the viewer chose. */
    scoring: params.get('scoring') === 'raw' || params.get('scoring') === 'perCapita' ? params.get('scoring') : null,
    /** 'hashtags': the challenge; 'reach': the official accounts (attrattiva digitale). */
    tab: params.get('tab') === 'reach' ? 'reach' : 'hashtags',
    doc: null,
    etag: null,
    timer: null,
  };

  function pickLang(requested) {
    if (requested === 'it' || requested === 'en') return requested;
    const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'it';
    return String(preferred).toLowerCase().startsWith('it') ? 'it' : 'en';
  }
  const t = (key) => LABELS[state.lang][key];
  const $ = (id) => document.getElementById(id);
  const num = (n, digits = 0) => new Intl.NumberFormat(state.lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  // Dates and times read in the challenge's time zone, wherever the screen is.
  const zone = () => (state.doc && state.doc.window && typeof state.doc.window.timezone === 'string' ? state.doc.window.timezone : undefined);
  const formatter = (options) => {
    try {
      return new Intl.DateTimeFormat(state.lang === 'it' ? 'it-IT' : 'en-GB', { ...options, timeZone: zone() });
    } catch {
      return new Intl.DateTimeFormat(state.lang === 'it' ? 'it-IT' : 'en-GB', options);
    }
  };
  const date = (iso, offsetMs = 0) => formatter({ day: 'numeric', month: 'short' }).format(new Date(new Date(iso).getTime() + offsetMs));
  const time = (iso) => formatter({ hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' }).format(new Date(iso));
  const count = (n, one, many) => `${num(n)} ${n === 1 ? t(one) : t(many)}`;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }
  const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
  const perThousand = (s) => {
    const pc = s.components && s.components.posts && s.components.posts.perCapita;
    if (isNumber(pc)) return pc;
    const pop = s.locality && s.locality.population;
    return isNumber(pop) && pop > 0 ? (postsOf(s) * 1000) / pop : null;
  };
  const postsOf = (s) => (s.components && s.components.posts && isNumber(s.components.posts.raw) ? s.components.posts.raw : 0);

  /** The challenge's own scoring, whichever view `doc` is. */
  function officialScoring(doc) {
    if (!doc || !doc.rules) return null;
    const shown = doc.rules.perCapita ? 'perCapita' : 'raw';
    if (doc.view && doc.view.official === false) return shown === 'perCapita' ? 'raw' : 'perCapita';
    return shown;
  }
  function effectiveScoring(doc) {
    return state.scoring || officialScoring(doc) || 'raw';
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
          render();
        }
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

  function render() {
    renderStatic();
    const doc = state.doc;
    const standings = doc && Array.isArray(doc.standings) ? doc.standings : [];
    $('empty').hidden = standings.length > 0;
    $('empty').textContent = doc ? '' : t('noSnapshot');
    if (!doc) {
      renderTabs(null);
      for (const id of ['standings', 'chart', 'legend', 'sentiment', 'posts']) $(id).replaceChildren();
      return;
    }
    const title = (doc.challenge && doc.challenge.title) || challengeId;
    $('title').textContent = title;
    document.title = `${title} — ${t('standings')}`;
    const w = doc.window || {};
    const totalPosts = doc.totals && isNumber(doc.totals.attributedPosts) ? doc.totals.attributedPosts : standings.reduce((n, s) => n + postsOf(s), 0);
    $('subtitle').textContent = [w.start && w.end ? t('window')(date(w.start), date(w.end, -1)) : '', t('totals')(num(totalPosts))].filter(Boolean).join(' · ');
    const official = !(doc.view && doc.view.official === false);
    $('scoring-note').textContent = official ? t('official') : t('alternate');
    $('updated').textContent = doc.generatedAt ? `${t('updated')}: ${time(doc.generatedAt)}` : '';
    renderTabs(doc);
    renderStandings(standings, official);
    renderChart(doc, standings);
    renderSentiment(standings);
    renderPosts(standings);
  }

  function renderStandings(standings, official) {
    const perCapita = effectiveScoring(state.doc) === 'perCapita';
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
      town.append(el('span', 'name', s.locality ? s.locality.name : '?'));
      const bar = el('div', 'bar');
      bar.style.width = `${best > 0 ? Math.max(0.5, (100 * (s.score || 0)) / best) : 0.5}%`;
      town.append(bar);
      const pc = perThousand(s);
      const details = [count(postsOf(s), 'post', 'posts')];
      if (pc !== null) details.push(`${num(pc, 2)} ${t('perThousand')}`);
      if (s.components && s.components.authors && s.components.authors.raw) details.push(count(s.components.authors.raw, 'author', 'authors'));
      town.append(el('span', 'detail', details.join(' · ')));
      li.append(town);
      const value = el('div', 'value');
      value.append(el('span', 'score', num(isNumber(s.score) ? s.score : 0, 1)), el('span', 'unit', perCapita ? `${t('points')} · ${t('perCapita').toLowerCase()}` : t('points')));
      li.append(value);
      return li;
    });
    $('standings').replaceChildren(...items);
  }

  function renderChart(doc, standings) {
    const perCapita = effectiveScoring(doc) === 'perCapita';
    document.querySelector('#chart').previousElementSibling.textContent = perCapita ? t('volumePerCapita') : t('volume');
    const top = standings.slice(0, COLORS.length);
    const series = Array.isArray(doc.series) ? doc.series : [];
    const hours = [...new Set(series.map((p) => p.hour))].sort();
    // Drawn at the size it is shown, so that labels keep their size on a phone and on a TV.
    const width = Math.max(300, Math.round($('chart').clientWidth || 800));
    const height = Math.round(Math.min(320, Math.max(180, width * 0.32)));
    const pad = { l: 60, r: 16, t: 14, b: 36 };
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('volume') });
    const legend = [];
    if (hours.length > 0 && top.length > 0) {
      const index = new Map(hours.map((h, i) => [h, i]));
      const lines = top.map((s) => {
        const pop = s.locality && s.locality.population;
        const scale = perCapita && isNumber(pop) && pop > 0 ? 1000 / pop : 1;
        const counts = new Array(hours.length).fill(0);
        for (const p of series) if (s.locality && p.localityId === s.locality.id) counts[index.get(p.hour)] += p.posts || 0;
        let sum = 0;
        return counts.map((c) => (sum += c * scale));
      });
      const max = Math.max(1e-9, ...lines.map((l) => l[l.length - 1] || 0));
      const x = (i) => pad.l + (hours.length === 1 ? 0 : (i * (width - pad.l - pad.r)) / (hours.length - 1));
      const y = (v) => height - pad.b - (v / max) * (height - pad.t - pad.b);
      for (const frac of [0, 0.5, 1]) {
        root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(max * frac), y2: y(max * frac), stroke: '#2a3557', 'stroke-width': 1 }));
        const label = svg('text', { x: pad.l - 8, y: y(max * frac) + 5, 'text-anchor': 'end' });
        label.textContent = num(max * frac, perCapita && max < 10 ? 2 : 0);
        root.append(label);
      }
      for (const [i, anchor] of [[0, 'start'], [hours.length - 1, 'end']]) {
        const label = svg('text', { x: x(i), y: height - 8, 'text-anchor': anchor });
        label.textContent = time(hours[i]);
        root.append(label);
      }
      lines.forEach((values, i) => {
        const d = values.map((v, j) => `${j === 0 ? 'M' : 'L'}${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
        root.append(svg('path', { d, fill: 'none', stroke: COLORS[i], 'stroke-width': i === 0 ? 5 : 3, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
        const item = el('li');
        const swatch = el('span', 'swatch');
        swatch.style.background = COLORS[i];
        item.append(swatch, document.createTextNode(top[i].locality ? top[i].locality.name : '?'));
        legend.push(item);
      });
    }
    $('chart').replaceChildren(root);
    $('legend').replaceChildren(...legend);
  }

  function sentimentBar(positive, negative) {
    const bar = el('div', 'sentbar');
    const neutral = Math.max(0, 1 - positive - negative);
    for (const [cls, share, key] of [['pos', positive, 'positive'], ['neu', neutral, 'neutral'], ['neg', negative, 'negative']]) {
      const part = el('span', cls);
      part.style.width = `${(share * 100).toFixed(2)}%`;
      part.title = `${t(key)} ${num(share * 100)}%`;
      bar.append(part);
    }
    return bar;
  }

  function renderSentiment(standings) {
    const total = standings.reduce((n, s) => n + postsOf(s), 0);
    const share = (key) => (total > 0 ? standings.reduce((n, s) => n + (isNumber(s[key]) ? s[key] : 0) * postsOf(s), 0) / total : 0);
    const positive = share('positiveShare');
    const negative = share('negativeShare');
    const nodes = [sentimentBar(positive, negative)];
    const keys = el('div', 'sentkeys');
    keys.append(
      el('span', 'pos-key', `▮ ${t('positive')} ${num(positive * 100)}%`),
      el('span', 'neu-key', `▮ ${t('neutral')} ${num(Math.max(0, 1 - positive - negative) * 100)}%`),
      el('span', 'neg-key', `▮ ${t('negative')} ${num(negative * 100)}%`),
    );
    keys.children[0].style.color = 'var(--up)';
    keys.children[1].style.color = 'var(--neutral)';
    keys.children[2].style.color = 'var(--down)';
    nodes.push(keys);
    for (const s of standings.filter((x) => postsOf(x) > 0).slice(0, 4)) {
      const row = el('div', 'sentrow');
      row.append(el('span', 'label', s.locality ? s.locality.name : '?'), sentimentBar(s.positiveShare || 0, s.negativeShare || 0));
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
        const parts = [s.locality ? s.locality.name : '', typeof p.author === 'string' ? p.author : '', isNumber(p.engagement) ? `${num(p.engagement)} ${t('engagement')}` : ''].filter(Boolean);
        meta.append(document.createTextNode(parts.join(' · ')));
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
        setParam('lang', state.lang);
        render();
      });
    }
    let lastWidth = window.innerWidth;
    window.addEventListener('resize', () => {
      if (window.innerWidth === lastWidth || !state.doc) return;
      lastWidth = window.innerWidth;
      renderChart(state.doc, Array.isArray(state.doc.standings) ? state.doc.standings : []);
    });
    renderStatic();
    refresh();
  });
})();
