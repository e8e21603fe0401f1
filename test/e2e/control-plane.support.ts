/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON answers field by field */
import { createPublicKey, createVerify, JsonWebKey } from 'node:crypto';
import { createTestDatabase } from '../support/database';
import { freePort, RunningApp, startApp } from '../support/processes';

export const INTERNAL_TOKEN = 'e2e-internal-token-0123456789';
export const GATE_URLS = 'eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092';

export interface ControlPlane {
  app: RunningApp;
  base: string;
  port: number;
}

export async function startControlPlane(databaseUrl: string, extraEnv: Record<string, string> = {}, port?: number): Promise<ControlPlane> {
  const p = port ?? (await freePort());
  const app = await startApp(
    'control-plane',
    {
      PORT: String(p),
      DATABASE_URL: databaseUrl,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      CLOUD_GATE_URLS: GATE_URLS,
      GATEWAY_VERSION: '4.6.7',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    `http://127.0.0.1:${p}/health`,
  );
  return { app, base: `http://127.0.0.1:${p}`, port: p };
}

export { createTestDatabase };

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = any>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** Verifies a JWS the way a Cloud Gate does: RS512 only, key picked from the JWKS by `kid`. */
export function verifyWithJwks(jwt: string, jwks: { keys: Array<JsonWebKey & { kid: string }> }): { header: any; claims: any } {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  if (header.alg !== 'RS512') throw new Error(`unexpected alg ${header.alg}`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`kid ${header.kid} is not in the JWKS`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  if (!createVerify('RSA-SHA512').update(`${h}.${p}`).verify(key, Buffer.from(s, 'base64url'))) throw new Error('bad signature');
  return { header, claims: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

/** Reads an SSE stream into a list of `{event, data}` as they arrive. */
export function followChanges(url: string): { events: Array<{ event: string; data: any }>; close: () => void; ready: Promise<void> } {
  const events: Array<{ event: string; data: any }> = [];
  const controller = new AbortController();
  const ready = (async () => {
    const res = await fetch(url, { headers: { 'x-internal-token': INTERNAL_TOKEN }, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`changes stream answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const first = await reader.read();
    buffer += decoder.decode(first.value ?? new Uint8Array());
    void (async () => {
      try {
        for (;;) {
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
          const next = await reader.read();
          if (next.done) return;
          buffer += decoder.decode(next.value);
        }
      } catch {
        /* aborted */
      }
    })();
  })();
  return { events, close: () => controller.abort(), ready };
}
