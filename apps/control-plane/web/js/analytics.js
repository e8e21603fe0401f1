// Analytics of the account's index: requests over time, status codes, latency, top APIs, recent requests.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, formatTime, useAsync } from './ui.js';
import { HBars, TimeBars } from './charts.js';

const RANGES = { '15m': [15 * 60_000, 30_000], '1h': [3_600_000, 60_000], '24h': [86_400_000, 1_800_000] };
const REFRESH_MS = 5000;

/** `byStatus` may come as `{"200": n}` or `[{status, count}]`; rows are `[status, count]`. */
function statusRows(byStatus) {
  const rows = Array.isArray(byStatus) ? byStatus.map((s) => [String(s.status ?? s.key), s.count ?? s.doc_count ?? 0]) : Object.entries(byStatus ?? {});
  return rows.sort(([a], [b]) => a.localeCompare(b));
}

const statusClass = (status) => `s${String(status)[0]}xx`;
const ms = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)} ms`);

export function Analytics({ account }) {
  const [range, setRange] = useState('15m');
  const [apiId, setApiId] = useState('');
  const data = useAsync(
    async () => {
      const to = Date.now();
      const [span, interval] = RANGES[range];
      const q = { from: to - span, to, apiId };
      const [requests, logs] = await Promise.all([api.requests(account.id, { ...q, interval }), api.logs(account.id, { ...q, size: 100 })]);
      return { requests, logs: Array.isArray(logs) ? logs : (logs?.items ?? []), at: to };
    },
    [account.id, range, apiId],
    REFRESH_MS,
  );
  return html`<section>
    <div class="title-row">
      <h1>Analytics</h1>
      <span class="filters">
        <label class="inline">Period
          <select name="range" value=${range} onChange=${(e) => setRange(e.currentTarget.value)}>
            <option value="15m">Last 15 minutes</option><option value="1h">Last hour</option><option value="24h">Last 24 hours</option>
          </select>
        </label>
        <label class="inline">API id <input name="apiId" placeholder="all APIs" value=${apiId} onChange=${(e) => setApiId(e.currentTarget.value.trim())} /></label>
      </span>
    </div>
    <${Async} result=${data} what="analytics">
      ${({ requests, logs, at }) => html`
        <p class="muted" aria-live="polite">Updated ${new Date(at).toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s</p>
        <div class="tiles">
          <div class="tile"><span class="tile-label">Requests</span><span class="tile-value" data-testid="total">${requests.total ?? 0}</span></div>
          <div class="tile"><span class="tile-label">Latency p50</span><span class="tile-value" data-testid="p50">${ms(requests.latency?.p50)}</span></div>
          <div class="tile"><span class="tile-label">p95</span><span class="tile-value" data-testid="p95">${ms(requests.latency?.p95)}</span></div>
          <div class="tile"><span class="tile-label">p99</span><span class="tile-value" data-testid="p99">${ms(requests.latency?.p99)}</span></div>
        </div>
        <h2>Requests over time</h2>
        <${TimeBars} points=${requests.histogram} label="Requests over time" />
        <div class="two-cols">
          <div><h2>Status codes</h2><${HBars} rows=${statusRows(requests.byStatus)} label="Status codes" classOf=${statusClass} /></div>
          <div><h2>Top APIs</h2><${HBars} rows=${topApis(requests.topApis)} label="Top APIs" /></div>
        </div>
        <h2>Recent requests</h2>
        <${RecentRequests} logs=${logs} />`}
    </${Async}>
  </section>`;
}

function topApis(apis = []) {
  return apis.map((a) => [a.apiName ?? a.apiId, a.count]);
}

function RecentRequests({ logs }) {
  if (logs.length === 0) return html`<p class="empty">No requests yet. Send traffic through a gateway to see it here.</p>`;
  return html`<table class="recent">
    <thead><tr><th>Time</th><th>API</th><th>Method</th><th>Path</th><th>Status</th><th>Response time</th></tr></thead>
    <tbody>
      ${logs.slice(0, 50).map(
        (l) => html`<tr>
          <td>${formatTime(l.timestamp ?? l['@timestamp'])}</td>
          <td>${l.apiName ?? l.apiId}</td>
          <td>${l.httpMethod ?? ''}</td>
          <td><code>${l.uri ?? l.pathInfo ?? ''}</code></td>
          <td><span class=${`badge ${statusClass(l.status)}`}>${l.status}</span></td>
          <td class="num">${ms(l.gatewayResponseTimeMs)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
