// Analytics of the account's index: requests over time, status codes, latency, top APIs, and the
// requests themselves, page by page, each with a detail view.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, TableWrap, formatTime, useAsync } from './ui.js';
import { HBars, TimeBars } from './charts.js';
import { allApis } from './overview.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Span and histogram bucket of each period (about 30-60 buckets each). */
const RANGES = {
  '15m': { label: 'Last 15 minutes', span: 15 * MINUTE, interval: 30_000 },
  '1h': { label: 'Last hour', span: HOUR, interval: MINUTE },
  '24h': { label: 'Last 24 hours', span: DAY, interval: 30 * MINUTE },
  '7d': { label: 'Last 7 days', span: 7 * DAY, interval: 3 * HOUR },
  '30d': { label: 'Last 30 days', span: 30 * DAY, interval: 12 * HOUR },
};
const REFRESH_MS = 5000;
const PAGE_SIZE = 20;
/** The API pages at most this far into a range's requests (Elasticsearch's result window). */
const MAX_WINDOW = 10_000;

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
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState(null);
  const apis = useAsync(() => allApis(account), [account.id]);
  const data = useAsync(
    async () => {
      const to = Date.now();
      const { span, interval } = RANGES[range];
      const q = { from: to - span, to, apiId };
      const [requests, logs] = await Promise.all([
        api.requests(account.id, { ...q, interval }),
        api.logs(account.id, { ...q, size: PAGE_SIZE, page }),
      ]);
      return { requests, logs: Array.isArray(logs) ? logs : (logs?.items ?? []), at: to };
    },
    [account.id, range, apiId, page],
    REFRESH_MS,
  );
  const choose = (setter) => (e) => (setter(e.currentTarget.value), setPage(0), setSelected(null));
  return html`<section>
    <div class="title-row">
      <h1>Analytics</h1>
      <span class="filters">
        <label class="inline">Period
          <select name="range" value=${range} onChange=${choose(setRange)}>
            ${Object.entries(RANGES).map(([value, r]) => html`<option value=${value}>${r.label}</option>`)}
          </select>
        </label>
        <label class="inline">API
          <select name="api" aria-label="API" value=${apiId} onChange=${choose(setApiId)}>
            <option value="">All APIs</option>
            ${apiOptions(apis.data ?? [], data.data?.requests?.topApis ?? [], account).map(([id, name]) => html`<option value=${id}>${name}</option>`)}
          </select>
        </label>
      </span>
    </div>
    <${Async} result=${data} what="analytics">
      ${({ requests, logs, at }) => {
        const empty = (requests.total ?? 0) === 0;
        return html`
          <p class="muted" aria-live="polite">Updated ${new Date(at).toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s</p>
          <div class="tiles">
            <div class="tile"><span class="tile-label">Requests</span><span class="tile-value" data-testid="total">${requests.total ?? 0}</span></div>
            <div class="tile"><span class="tile-label">Latency p50</span><span class="tile-value" data-testid="p50">${empty ? '—' : ms(requests.latency?.p50)}</span></div>
            <div class="tile"><span class="tile-label">p95</span><span class="tile-value" data-testid="p95">${empty ? '—' : ms(requests.latency?.p95)}</span></div>
            <div class="tile"><span class="tile-label">p99</span><span class="tile-value" data-testid="p99">${empty ? '—' : ms(requests.latency?.p99)}</span></div>
          </div>
          <h2>Requests over time</h2>
          ${empty ? html`<p class="empty">No requests in this period.</p>` : html`<${TimeBars} points=${requests.histogram} label="Requests over time" spanMs=${RANGES[range].span} />`}
          <div class="two-cols">
            <div><h2>Status codes</h2><${HBars} rows=${statusRows(requests.byStatus)} label="Status codes" classOf=${statusClass} /></div>
            <div><h2>Top APIs</h2><${HBars} rows=${topApis(requests.topApis)} label="Top APIs" /></div>
          </div>
          <h2>Requests</h2>
          <${RecentRequests} logs=${logs} onSelect=${setSelected} selected=${selected} />
          <${Pager} page=${page} total=${requests.total ?? 0} onPage=${(p) => (setPage(p), setSelected(null))} />
          ${selected && html`<${RequestDetail} request=${selected} onClose=${() => setSelected(null)} />`}`;
      }}
    </${Async}>
  </section>`;
}

/** `[apiId, label]` for the picker: the account's APIs by name, then APIs seen in traffic but deleted since. */
function apiOptions(apis, seen, account) {
  const several = (account.environments ?? []).length > 1;
  const options = apis.map((a) => [a.id, several ? `${a.name} (${a.environment.name})` : a.name]);
  const known = new Set(apis.map((a) => a.id));
  for (const s of seen) if (!known.has(s.apiId)) options.push([s.apiId, `${s.apiName ?? s.apiId} (deleted)`]);
  return options.sort(([, a], [, b]) => a.localeCompare(b));
}

function topApis(apis = []) {
  return apis.map((a) => [a.apiName ?? a.apiId, a.count]);
}

function Pager({ page, total, onPage }) {
  const pages = Math.max(1, Math.ceil(Math.min(total, MAX_WINDOW) / PAGE_SIZE));
  if (pages <= 1) return null;
  return html`<nav class="pager" aria-label="Request pages">
    <button type="button" class="secondary" disabled=${page === 0} onClick=${() => onPage(page - 1)}>Newer</button>
    <span data-testid="page">Page ${page + 1} of ${pages}</span>
    <button type="button" class="secondary" disabled=${page + 1 >= pages} onClick=${() => onPage(page + 1)}>Older</button>
  </nav>`;
}

function RecentRequests({ logs, onSelect, selected }) {
  if (logs.length === 0) return html`<p class="empty">No requests yet. Send traffic through a gateway to see it here.</p>`;
  return html`<${TableWrap}><table class="recent" aria-label="Requests">
    <thead><tr><th>Time</th><th>API</th><th>Method</th><th>Path</th><th>Status</th><th>Response time</th><th></th></tr></thead>
    <tbody>
      ${logs.map(
        (l) => html`<tr aria-selected=${selected?.requestId !== undefined && selected?.requestId === l.requestId ? 'true' : undefined}>
          <td>${formatTime(l.timestamp ?? l['@timestamp'])}</td>
          <td>${l.apiName ?? l.apiId}</td>
          <td>${l.httpMethod ?? ''}</td>
          <td><code>${l.uri ?? l.pathInfo ?? ''}</code></td>
          <td><span class=${`badge ${statusClass(l.status)}`}>${l.status}</span></td>
          <td class="num">${ms(l.gatewayResponseTimeMs)}</td>
          <td><button type="button" class="secondary small" onClick=${() => onSelect(l)} aria-label=${`Details of ${l.httpMethod ?? ''} ${l.uri ?? ''}`}>Details</button></td>
        </tr>`,
      )}
    </tbody>
  </table></${TableWrap}>`;
}

/** Fields worth reading first; the rest follow by name. */
const FIRST_FIELDS = ['@timestamp', 'timestamp', 'requestId', 'transactionId', 'apiName', 'apiId', 'planId', 'subscriptionId', 'applicationId', 'httpMethod', 'host', 'uri', 'pathInfo', 'status'];

function RequestDetail({ request, onClose }) {
  const keys = Object.keys(request);
  const ordered = [...FIRST_FIELDS.filter((k) => keys.includes(k)), ...keys.filter((k) => !FIRST_FIELDS.includes(k)).sort()];
  return html`<aside class="card detail" role="dialog" aria-label="Request details">
    <div class="title-row">
      <h2>${request.httpMethod ?? ''} <code>${request.uri ?? request.pathInfo ?? ''}</code> <span class=${`badge ${statusClass(request.status)}`}>${request.status}</span></h2>
      <button type="button" class="secondary" onClick=${onClose}>Close</button>
    </div>
    <dl class="facts">
      ${ordered.map((k) => html`<dt>${k}</dt><dd><code>${typeof request[k] === 'object' ? JSON.stringify(request[k]) : String(request[k])}</code></dd>`)}
    </dl>
  </aside>`;
}
