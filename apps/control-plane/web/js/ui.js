// Shared building blocks: data loading with loading/error states, copy buttons, badges.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';

/**
 * Runs `load` when `deps` change (and every `refreshMs` if given). Keeps the last data while
 * refreshing, so live views do not flicker back to "Loading".
 */
export function useAsync(load, deps, refreshMs) {
  const [state, setState] = useState({ loading: true, error: null, data: undefined });
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: s.data === undefined }));
    try {
      const data = await load();
      if (mine === generation.current) setState({ loading: false, error: null, data });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, loading: false, error }));
    }
  }, deps);
  useEffect(() => {
    setState({ loading: true, error: null, data: undefined });
    run();
    if (!refreshMs) return () => generation.current++;
    const timer = setInterval(run, refreshMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [run]);
  return { ...state, reload: run };
}

export const Loading = ({ what }) => html`<p class="loading" role="status">Loading ${what}…</p>`;

/**
 * An error in plain words: a refused input says what to fix (one line per field for a `400`),
 * a conflict says why; only our own failures (5xx, no answer) are "something went wrong".
 */
export function ErrorBox({ error, retry }) {
  const status = error?.status;
  const ours = status === undefined || status >= 500;
  const problems = error?.problems ?? [];
  return html`<div class="error" role="alert">
    ${ours && html`<strong>Something went wrong.</strong> `}
    ${problems.length > 0
      ? problems.length === 1
        ? problems[0]
        : html`<ul class="problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>`
      : (error?.message ?? String(error))}
    ${retry && html` <button type="button" onClick=${retry}>Retry</button>`}
  </div>`;
}

/** Runs an action with busy and error state: `[run, busy, error, clearError]`. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return [run, busy, error, () => setError(null)];
}

/** A destructive button that asks once more before acting: `label`, then "Confirm …" and "Keep". */
export function ConfirmButton({ label, confirmLabel, question, onConfirm, disabled }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return html`<button type="button" class="danger" disabled=${disabled} onClick=${() => setAsking(true)}>${label}</button>`;
  return html`<span class="confirm" role="group" aria-label=${confirmLabel}>
    ${question && html`<span class="confirm-question">${question}</span>`}
    <button type="button" class="danger" disabled=${disabled} onClick=${async () => { await onConfirm(); setAsking(false); }}>${confirmLabel}</button>
    <button type="button" class="secondary" onClick=${() => setAsking(false)}>Keep</button>
  </span>`;
}

export const Empty = ({ children }) => html`<div class="empty">${children}</div>`;

/** Renders loading / error / content for a useAsync result. */
export function Async({ result, what, children }) {
  if (result.loading) return html`<${Loading} what=${what} />`;
  if (result.error && result.data === undefined) return html`<${ErrorBox} error=${result.error} retry=${result.reload} />`;
  return html`${result.error && html`<${ErrorBox} error=${result.error} retry=${result.reload} />`}${children(result.data)}`;
}

export function CopyButton({ text, label }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access may be denied (non-secure context): fall back to a selection copy.
      const area = Object.assign(document.createElement('textarea'), { value: text });
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return html`<button type="button" class="copy" onClick=${copy} aria-label=${`Copy ${label}`}>
    ${copied ? 'Copied' : 'Copy'}
  </button>`;
}

/** Words for statuses that need more than the status name. */
const STATUS_TEXT = { revoked: 'token revoked', pending: 'pending (no heartbeat yet)' };

export const StatusBadge = ({ status }) =>
  html`<span class=${`badge badge-${status ?? 'unknown'}`} data-status=${status}>${STATUS_TEXT[status] ?? status ?? 'unknown'}</span>`;

/** Wide tables scroll sideways inside their box on a narrow screen instead of widening the page. */
export const TableWrap = ({ children }) => html`<div class="table-wrap">${children}</div>`;

export function formatTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}
