// Small SVG charts drawn from data with DOM calls (no markup strings).
import { s } from './dom.js';

// Horizontal bars: rows = [{label, value, part}] where part (optional) is drawn over value.
export function barChart(rows, { width = 520, barH = 22, gap = 8, labelW = 140, title = '' } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * (barH + gap) + gap;
  const plotW = width - labelW - 50;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  rows.forEach((r, i) => {
    const y = gap + i * (barH + gap);
    const w = Math.round((r.value / max) * plotW);
    svg.append(s('text', { x: labelW - 8, y: y + barH * 0.7, 'text-anchor': 'end' }, r.label));
    svg.append(s('rect', { class: 'bar', x: labelW, y, width: Math.max(w, 1), height: barH, rx: 3 }));
    if (r.part) {
      const pw = Math.round((r.part / max) * plotW);
      svg.append(s('rect', { class: 'bar sme', x: labelW, y: y + barH * 0.55, width: Math.max(pw, 1), height: barH * 0.45, rx: 2 }));
    }
    svg.append(s('text', { x: labelW + w + 6, y: y + barH * 0.7 }, r.part ? `${r.value} (${r.part})` : r.value));
  });
  return svg;
}
