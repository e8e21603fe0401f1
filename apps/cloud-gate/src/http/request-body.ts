import type { Request } from 'express';
import { createGunzip } from 'node:zlib';
import { CloudGateError } from '../cloud-gate.errors';
import type { ByteReservation } from './byte-budget';

const UTF8 = ['utf-8', 'utf8'];

/** The `charset` parameter of a Content-Type, lowercased, when there is one. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  return match ? match[1].toLowerCase() : undefined;
}

const tooLarge = (limit: number) => new CloudGateError('BODY_TOO_LARGE', `the body exceeds ${limit} bytes`, { limitBytes: limit });

export interface ReadBodyOptions {
  /** Accept `Content-Encoding: gzip` (and decompress). */
  gunzip?: boolean;
  /** Every byte held (as sent, then decompressed) is taken from it; GATE_BUSY when it is spent. */
  reservation?: ByteReservation;
}

/**
 * Reads the raw request body (the gate runs without a body parser), refusing more than `limit` bytes
 * as sent and, when `Content-Encoding: gzip`, more than `limit` bytes once decompressed too.
 */
export async function readBody(req: Request, limit: number, { gunzip = false, reservation }: ReadBodyOptions = {}): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain so the 413 can be written on a sane connection
    throw tooLarge(limit);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && !(gunzip && (encoding === 'gzip' || encoding === 'x-gzip'))) {
    req.resume();
    throw new CloudGateError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${encoding.slice(0, 64)}${gunzip ? '; send identity or gzip' : '; send identity'}`);
  }
  const charset = charsetOf(req.headers['content-type']);
  if (charset !== undefined && !UTF8.includes(charset)) {
    req.resume();
    throw new CloudGateError('UNSUPPORTED_MEDIA_TYPE', `unsupported charset ${charset.slice(0, 64)}; bodies are UTF-8`);
  }
  const raw = await collect(req, limit, reservation);
  if (encoding === 'identity') return raw;
  return decompress(raw, limit, reservation);
}

/** Takes `bytes` from the reservation, or says why not. */
function hold(reservation: ByteReservation | undefined, bytes: number): CloudGateError | undefined {
  try {
    reservation?.take(bytes);
    return undefined;
  } catch (err) {
    if (err instanceof CloudGateError) return err;
    throw err;
  }
}

/** Reads the request; after a refusal the rest is still read and dropped, so that the error can be answered on a sane connection. */
function collect(req: NodeJS.ReadableStream, limit: number, reservation?: ByteReservation): Promise<Buffer> {
  return gather(req, limit, reservation, { afterRefusal: 'drain', failure: 'the body could not be read' });
}

/** Streaming gunzip with the decompressed size bounded, so a small gzip bomb cannot exhaust memory. */
function decompress(compressed: Buffer, limit: number, reservation?: ByteReservation): Promise<Buffer> {
  const gunzip = createGunzip();
  const body = gather(gunzip, limit, reservation, { afterRefusal: 'destroy', failure: 'the body is not valid gzip' });
  gunzip.end(compressed);
  return body;
}

/**
 * A stream's chunks, at most `limit` bytes of them, each one taken from the reservation. A refusal
 * drops what was gathered and either lets the stream run dry or destroys it.
 */
function gather(
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  limit: number,
  reservation: ByteReservation | undefined,
  { afterRefusal, failure }: { afterRefusal: 'drain' | 'destroy'; failure: string },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      const refusal = size > limit ? tooLarge(limit) : hold(reservation, chunk.length);
      if (refusal) {
        done = true;
        chunks.length = 0;
        if (afterRefusal === 'destroy') stream.destroy?.();
        reject(refusal);
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => done || ((done = true), resolve(Buffer.concat(chunks, size))));
    stream.on('error', (err: Error) => done || ((done = true), reject(new CloudGateError('BODY_INVALID', `${failure}: ${err.message}`))));
  });
}
