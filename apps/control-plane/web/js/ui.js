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

export const ErrorBox = ({ error, retry }) =>
  html`<div class="error" role="alert">
    <strong>Something went wrong.</strong> ${error?.message ?? String(error)}
    ${retry && html` <button type="button" onClick=${retry}>Retry</button>`}
  </div>`;

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

export const StatusBadge = ({ status }) => html`<span class=${`badge badge-${status ?? 'unknown'}`}>${status ?? 'unknown'}</span>`;

export function formatTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}
