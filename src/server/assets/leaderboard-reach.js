// The "Attrattiva digitale" tab: the snapshot's `accounts` section (towns ranked by their
// official accounts). Same rules as leaderboard.js: untrusted strings (town names, handles) go
// through textContent only; a missing figure is shown as missing ("–" with the reason), never 0.
'use strict';

(() => {
  const LABELS = {
    it: {
      tabHashtags: 'Hashtag',
      tabReach: 'Attrattiva digitale',
      heading: 'Attrattiva digitale: gli account ufficiali',
      note: (from, to) => `Crescita dal ${from} al ${to}; i dati mancanti non contano come zero.`,
      followers: 'follower',
      perThousand: 'ogni 1.000 ab.',
      growth: 'crescita',
      postsPerWeek: 'post/settimana',
      engagementRate: 'interazioni per post ogni 100 follower',
      points: 'punti',
      unranked: '–',
      coverage: (pct) => `punteggio sul ${pct}% dei pesi`,
      legend: '– dato mancante (motivo tra parentesi); le piattaforme senza account non sono elencate.',
      missing: {
        not_found: 'account inesistente',
        private: 'account privato',
        suspended: 'account sospeso',
        unauthorized: 'credenziali rifiutate',
        forbidden: 'accesso non consentito',
        unavailable: 'piattaforma non raggiungibile',
        not_configured: 'piattaforma non configurata',
        not_recorded: 'non ancora rilevato',
      },
    },
    fr: {
      tabHashtags: 'Hashtags',
      tabReach: 'Attractivité numérique',
      heading: 'Attractivité numérique : les comptes officiels',
      note: (from, to) => `Croissance du ${from} au ${to} ; les données manquantes ne comptent jamais pour zéro.`,
      followers: 'abonnés',
      perThousand: 'pour 1 000 hab.',
      growth: 'croissance',
      postsPerWeek: 'publications/semaine',
      engagementRate: 'interactions par publication pour 100 abonnés',
      points: 'points',
      unranked: '–',
      coverage: (pct) => `score sur ${pct} % des poids`,
      legend: '– donnée manquante (raison entre parenthèses) ; les plateformes sans compte ne sont pas listées.',
      missing: {
        not_found: 'compte inexistant',
        private: 'compte privé',
        suspended: 'compte suspendu',
        unauthorized: 'identifiants refusés',
        forbidden: 'accès non autorisé',
        unavailable: 'plateforme injoignable',
        not_configured: 'plateforme non configurée',
        not_recorded: 'pas encore relevé',
      },
    },
    en: {
      tabHashtags: 'Hashtags',
      tabReach: 'Digital reach',
      heading: 'Digital reach: the official accounts',
      note: (from, to) => `Growth from ${from} to ${to}; missing data never counts as zero.`,
      followers: 'followers',
      perThousand: 'per 1,000 inh.',
      growth: 'growth',
      postsPerWeek: 'posts/week',
      engagementRate: 'interactions per post per 100 followers',
      points: 'points',
      unranked: '–',
      coverage: (pct) => `score on ${pct}% of the weights`,
      legend: '– missing figure (reason in brackets); platforms without an account are not listed.',
      missing: {
        not_found: 'no such account',
        private: 'private account',
        suspended: 'suspended account',
        unauthorized: 'credentials refused',
        forbidden: 'access not allowed',
        unavailable: 'platform unreachable',
        not_configured: 'platform not configured',
        not_recorded: 'not recorded yet',
      },
    },
  };
  // Served by the worker from the platform registry (/assets/platforms.js).
  const PLATFORM_NAMES = window.CampanilePlatforms || {};
  const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

  /** Renders the section into #reach; `h` carries the page's helpers (el, num, date, $). */
  function render(section, lang, h) {
    const L = LABELS[lang] || LABELS.en;
    h.$('reach-heading').textContent = L.heading;
    const w = section && section.window ? section.window : {};
    h.$('reach-note').textContent = w.from && w.to ? L.note(h.day(w.from), h.day(w.to)) : '';
    h.$('reach-legend').textContent = L.legend;
    const ranking = section && Array.isArray(section.ranking) ? section.ranking : [];
    const best = Math.max(0, ...ranking.map((t) => (isNumber(t.score) ? t.score : 0)));
    const missingText = (reason) => L.missing[reason] || String(reason || '');
    const items = ranking.map((t, i) => {
      const li = h.el('li', i === 0 && isNumber(t.score) ? 'leader' : '');
      li.dataset.locality = t.locality ? String(t.locality.id) : '';
      li.append(h.el('span', 'rank', isNumber(t.rank) ? t.rank : L.unranked));
      const f = t.figures || {};
      const growth = f.growth || {};
      const change = h.el('span', 'change growth');
      if (isNumber(growth.relative)) {
        change.textContent = `${growth.relative >= 0 ? '+' : ''}${h.num(growth.relative * 100, 1)}%`;
        change.classList.add(growth.relative > 0 ? 'up' : growth.relative < 0 ? 'down' : 'same');
      } else change.textContent = '–';
      li.append(change);
      const town = h.el('div', 'town');
      town.append(h.el('span', 'name', t.locality ? t.locality.name : '?'));
      const bar = h.el('div', 'bar');
      bar.style.width = `${best > 0 && isNumber(t.score) ? Math.max(0.5, (100 * t.score) / best) : 0.5}%`;
      bar.hidden = !isNumber(t.score);
      town.append(bar);
      const details = [];
      details.push(isNumber(f.followers) ? `${h.num(f.followers)} ${L.followers}` : `– ${L.followers}`);
      if (isNumber(growth.absolute)) details.push(`${L.growth} ${growth.absolute >= 0 ? '+' : ''}${h.num(growth.absolute)}`);
      if (isNumber(f.followersPerThousand)) details.push(`${h.num(f.followersPerThousand, 1)} ${L.perThousand}`);
      if (isNumber(f.postsPerWeek)) details.push(`${h.num(f.postsPerWeek, 1)} ${L.postsPerWeek}`);
      if (isNumber(f.engagementRate)) details.push(`${h.num(f.engagementRate, 2)} ${L.engagementRate}`);
      town.append(h.el('span', 'detail', details.join(' · ')));
      const accounts = h.el('div', 'accounts');
      for (const a of Array.isArray(t.accounts) ? t.accounts : []) {
        const name = PLATFORM_NAMES[a.platform] || String(a.platform);
        const chip = h.el('span', isNumber(a.followers) ? 'account' : 'account missing');
        chip.textContent = isNumber(a.followers) ? `${name} ${h.num(a.followers)}` : `${name} – (${missingText(a.missing)})`;
        chip.title = String(a.handle || '');
        accounts.append(chip);
      }
      town.append(accounts);
      li.append(town);
      const value = h.el('div', 'value');
      value.append(h.el('span', 'score', isNumber(t.score) ? h.num(t.score, 1) : '–'));
      const unit = isNumber(t.coverage) && t.coverage < 1 && isNumber(t.score) ? `${L.points} · ${L.coverage(h.num(t.coverage * 100))}` : L.points;
      value.append(h.el('span', 'unit', unit));
      li.append(value);
      return li;
    });
    h.$('reach').replaceChildren(...items);
  }

  window.CampanileReach = { LABELS, render };
})();
