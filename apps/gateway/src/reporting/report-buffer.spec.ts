import { CloudGateError } from '../cloud-gate/cloud-gate.client';
import { backoffDelay, isRetryable } from './backoff';
import { ReportBuffer } from './report-buffer';

describe('ReportBuffer', () => {
  it('hands out batches oldest first', () => {
    const buffer = new ReportBuffer<number>(10);
    [1, 2, 3, 4, 5].forEach((n) => buffer.push(n));
    expect(buffer.take(2)).toEqual([1, 2]);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
    expect(buffer.size).toBe(0);
  });

  it('drops the oldest report when full, and counts it', () => {
    const buffer = new ReportBuffer<number>(3);
    expect([1, 2, 3, 4, 5].map((n) => buffer.push(n))).toEqual([0, 0, 0, 1, 1]);
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
  });

  it('puts a failed batch back in front, keeping its newest reports when room is short', () => {
    const buffer = new ReportBuffer<number>(4);
    [1, 2, 3].forEach((n) => buffer.push(n));
    const batch = buffer.take(3);
    [4, 5].forEach((n) => buffer.push(n));
    expect(buffer.requeue(batch)).toBe(1);
    expect(buffer.take(10)).toEqual([2, 3, 4, 5]);
    expect(buffer.dropped).toBe(1);
  });

  it('stays correct across many pushes and takes', () => {
    const buffer = new ReportBuffer<number>(100_000);
    for (let i = 0; i < 5000; i++) buffer.push(i);
    let seen = 0;
    while (buffer.size > 0) seen += buffer.take(7).length;
    expect(seen).toBe(5000);
  });
});

describe('report retries', () => {
  it('backs off exponentially up to a cap', () => {
    const max = () => 1;
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 500, 30_000, max))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, 500, 30_000, max)).toBe(30_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(2000);
  });

  it('retries network errors, 5xx and 429, never other 4xx', () => {
    expect(isRetryable(new CloudGateError('network', 'refused'))).toBe(true);
    expect(isRetryable(new CloudGateError('http', 'x', 503))).toBe(true);
    expect(isRetryable(new CloudGateError('http', 'x', 500))).toBe(true);
    expect(isRetryable(new CloudGateError('http', 'x', 429))).toBe(true);
    expect(isRetryable(new CloudGateError('http', 'x', 400))).toBe(false);
    expect(isRetryable(new CloudGateError('http', 'x', 413))).toBe(false);
    expect(isRetryable(new CloudGateError('unauthorized', 'x', 401))).toBe(false);
  });
});
