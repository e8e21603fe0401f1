// Small dependency-free SVG/CSS charts.
import { html } from './html.js';

/** Vertical bars over time: points are `{time, count}`. */
export function TimeBars({ points, label }) {
  if (!points?.length) return html`<p class="empty">No requests in this period.</p>`;
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...points.map((p) => p.count));
  const step = width / points.length;
  const first = new Date(points[0].time).toLocaleTimeString();
  const last = new Date(points[points.length - 1].time).toLocaleTimeString();
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${width} ${height + 20}`} role="img" aria-label=${label}>
      ${points.map((p, i) => {
        const h = (p.count / max) * height;
        return html`<rect x=${i * step + 1} y=${height - h} width=${Math.max(1, step - 2)} height=${h} class="bar">
          <title>${new Date(p.time).toLocaleString()}: ${p.count}</title>
        </rect>`;
      })}
      <text x="0" y=${height + 15} class="axis">${first}</text>
      <text x=${width} y=${height + 15} class="axis" text-anchor="end">${last}</text>
      <text x="2" y="12" class="axis">max ${max}</text>
    </svg>
  </figure>`;
}

/** Horizontal bars for labelled counts: rows are `[label, count]`. */
export function HBars({ rows, label, classOf = () => '' }) {
  if (!rows.length) return html`<p class="empty">No data.</p>`;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return html`<table class="hbars" aria-label=${label}>
    <tbody>
      ${rows.map(
        ([name, n]) => html`<tr>
          <th scope="row">${name}</th>
          <td><div class=${`hbar ${classOf(name)}`} style=${`width:${(n / max) * 100}%`}></div></td>
          <td class="num">${n}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
