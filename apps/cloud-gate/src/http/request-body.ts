import type { Request } from 'express';
import { createGunzip } from 'node:zlib';
import { CloudGateError } from '../cloud-gate.errors';
import type { ByteReservation } from './byte-budget';

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
    throw new CloudGateError('BODY_INVALID', `unsupported Content-Encoding ${encoding}`);
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

/** The rest of the stream is still read and dropped, so that the error can be answered on a sane connection. */
function collect(stream: NodeJS.ReadableStream, limit: number, reservation?: ByteReservation): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      const refusal = size > limit ? tooLarge(limit) : hold(reservation, chunk.length);
      if (refusal) {
        failed = true;
        chunks.length = 0;
        reject(refusal);
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => failed || resolve(Buffer.concat(chunks, size)));
    stream.on('error', (err: Error) => failed || reject(new CloudGateError('BODY_INVALID', `the body could not be read: ${err.message}`)));
  });
}

/** Streaming gunzip with the decompressed size bounded, so a small gzip bomb cannot exhaust memory. */
function decompress(compressed: Buffer, limit: number, reservation?: ByteReservation): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    gunzip.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      const refusal = size > limit ? tooLarge(limit) : hold(reservation, chunk.length);
      if (refusal) {
        done = true;
        gunzip.destroy();
        reject(refusal);
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('end', () => done || ((done = true), resolve(Buffer.concat(chunks, size))));
    gunzip.on('error', (err: Error) => done || ((done = true), reject(new CloudGateError('BODY_INVALID', `the body is not valid gzip: ${err.message}`))));
    gunzip.end(compressed);
  });
}
