import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

/** True when the client lists gzip in Accept-Encoding without `q=0`. */
export function acceptsGzip(req: Request): boolean {
  const header = req.headers['accept-encoding'];
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** Writes a JSON answer, gzipped when the client asked for it (SPEC §4). */
export async function sendJson(req: Request, res: Response, status: number, body: Buffer | unknown, contentType = 'application/json; charset=utf-8'): Promise<void> {
  let payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Vary', 'Accept-Encoding');
  if (payload.length > 0 && acceptsGzip(req)) {
    payload = await gzipAsync(payload);
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', String(payload.length));
  res.end(payload);
}
