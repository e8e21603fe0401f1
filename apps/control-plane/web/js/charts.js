// Small dependency-free SVG/CSS charts.
import { html } from './html.js';

const DAY_MS = 86_400_000;

/** Axis labels: the time of day within a day, the date (and time) past one. */
export function timeLabel(time, spanMs) {
  const d = new Date(time);
  if (spanMs <= DAY_MS) return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (spanMs <= 7 * DAY_MS) return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Round steps for a y-axis from 0 to at least `max`: 1, 2, 5 × 10^n. */
export function yTicks(max, count = 4) {
  const raw = Math.max(1, max) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // Counts are whole: never a step below 1.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw));
  const top = Math.ceil(Math.max(1, max) / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return ticks;
}

/** Vertical bars over time, `points` being `{time, count}`, with a y-axis and dated x-axis labels past a day. */
export function TimeBars({ points, label, spanMs }) {
  if (!points?.length) return html`<p class="empty">No requests in this period.</p>`;
  const left = 44;
  const width = 640;
  const plot = width - left;
  // Room above the plot for the top tick's label.
  const pad = 10;
  const height = 160;
  const ticks = yTicks(Math.max(...points.map((p) => p.count)));
  const top = ticks[ticks.length - 1];
  const step = plot / points.length;
  const span = spanMs ?? points[points.length - 1].time - points[0].time;
  const xLabels = 4;
  const xIndexes = [...new Set(Array.from({ length: xLabels }, (_, i) => Math.round((i * (points.length - 1)) / (xLabels - 1))))];
  return html`<figure class="chart">
    <svg viewBox=${`0 -${pad} ${width} ${height + 24 + pad}`} role="img" aria-label=${label}>
      <g class="y-axis" data-testid="y-axis">
        ${ticks.map((t) => {
          const y = height - (t / top) * height;
          return html`<g>
            <line x1=${left} x2=${width} y1=${y} y2=${y} class="gridline" />
            <text x=${left - 6} y=${y + 4} class="axis" text-anchor="end">${t}</text>
          </g>`;
        })}
      </g>
      ${points.map((p, i) => {
        const h = (p.count / top) * height;
        return html`<rect x=${left + i * step + 1} y=${height - h} width=${Math.max(1, step - 2)} height=${h} class="bar">
          <title>${new Date(p.time).toLocaleString()}: ${p.count}</title>
        </rect>`;
      })}
      <g class="x-axis" data-testid="x-axis">
        ${xIndexes.map((i, n) => html`<text x=${left + i * step + step / 2} y=${height + 17} class="axis"
          text-anchor=${n === 0 ? 'start' : n === xIndexes.length - 1 ? 'end' : 'middle'}>${timeLabel(points[i].time, span)}</text>`)}
      </g>
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
