import { chunkByBytes } from './reports.producer';

describe('chunkByBytes', () => {
  const message = (size: number) => ({ key: 'gw', value: 'v'.repeat(size) });

  it('keeps every message, in order, in groups under the limit', () => {
    const messages = Array.from({ length: 50 }, (_, i) => message(100 + i));
    const chunks = chunkByBytes(messages, 1000);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.reduce((n, m) => n + m.value.length + 2 + 64, 0)).toBeLessThanOrEqual(1000);
  });

  it('puts a message larger than the limit alone rather than dropping it', () => {
    const chunks = chunkByBytes([message(10), message(5000), message(10)], 1000);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('returns nothing for nothing', () => {
    expect(chunkByBytes([], 1000)).toEqual([]);
  });
});
