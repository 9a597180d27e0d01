// The leaderboard page's chart: the counted posts to date per town (SVG), values as published.
// Same rules as leaderboard.js: town names go through textContent only; nothing is computed but
// the drawing's coordinates.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const CHART_LINES = 6;

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  /**
   * Draws into #chart and #legend the counted posts to date of the leading towns, raw or per 1,000
   * inhabitants (floored), exactly as the server published them; `h` carries the page's helpers.
   * Returns whether anything was drawn.
   */
  function render(doc, standings, options, h) {
    const { perCapita, screen, palette } = options;
    const { $, el, num, time, figure, nameOf, postsOf, isNumber } = h;
    const field = perCapita ? 'countedToDatePerCapita' : 'countedToDate';
    const series = (Array.isArray(doc.series) ? doc.series : []).filter((p) => isNumber(p[field]));
    const top = standings.filter((s) => postsOf(s) > 0).slice(0, CHART_LINES);
    const hours = [...new Set(series.map((p) => p.hour))].sort();
    // Drawn at the size it is shown, so that labels keep their size on a phone and on a TV.
    const box = $('chart');
    const width = Math.max(300, Math.round(box.clientWidth || 800));
    const height = screen ? Math.max(160, Math.round(box.clientHeight || width * 0.4)) : Math.round(Math.min(320, Math.max(180, width * 0.32)));
    const fontPx = Math.round(screen ? Math.max(14, height / 14) : width < 500 ? 13 : 17);
    const pad = { l: fontPx * 3.6, r: 16, t: fontPx, b: fontPx * 2.2 };
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': $('chart-heading').textContent, 'font-size': fontPx });
    const legend = [];
    if (hours.length > 0 && top.length > 0) {
      const index = new Map(hours.map((h, i) => [h, i]));
      const lines = top.map((s) => {
        const id = s.locality && s.locality.id;
        const values = new Array(hours.length).fill(null);
        for (const p of series) if (p.localityId === id) values[index.get(p.hour)] = p[field];
        // Between two published points a town's count to date stays where it was.
        let last = 0;
        return values.map((v) => (last = v === null ? last : v));
      });
      const finals = lines.map((l) => l[l.length - 1] || 0);
      const max = Math.max(...finals);
      const scaleMax = max > 0 ? max : 1;
      const x = (i) => pad.l + (hours.length === 1 ? 0 : (i * (width - pad.l - pad.r)) / (hours.length - 1));
      const y = (v) => height - pad.b - (v / scaleMax) * (height - pad.t - pad.b);
      const digits = perCapita ? 2 : 0;
      for (const [v, label] of [[0, num(0, digits)], [scaleMax / 2, ''], [max, num(max, digits)]]) {
        root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: '#2a3557', 'stroke-width': 1 }));
        if (!label) continue;
        const text = svg('text', { x: pad.l - 8, y: y(v) + fontPx * 0.35, 'text-anchor': 'end', class: 'axis-label' });
        text.textContent = label;
        root.append(text);
      }
      for (const [i, anchor] of [[0, 'start'], [hours.length - 1, 'end']]) {
        const label = svg('text', { x: x(i), y: height - fontPx * 0.5, 'text-anchor': anchor });
        label.textContent = time(hours[i]);
        root.append(label);
      }
      lines.forEach((values, i) => {
        const colour = palette.get(String(top[i].locality && top[i].locality.id)) || options.fallback;
        const d = values.map((v, j) => `${j === 0 ? 'M' : 'L'}${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
        root.append(svg('path', { d, fill: 'none', stroke: colour, 'stroke-width': i === 0 ? 5 : 3, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'data-locality': top[i].locality.id }));
        const item = el('li');
        item.dataset.locality = String(top[i].locality.id);
        const swatch = el('span', 'swatch');
        swatch.style.background = colour;
        item.append(swatch, el('span', 'legend-name', nameOf(top[i])), document.createTextNode(' '), figure('value', finals[i], digits));
        legend.push(item);
      });
    }
    box.replaceChildren(root);
    $('legend').replaceChildren(...legend);
    return legend.length > 0;
  }

  window.CampanileChart = { render };
})();
