import { CoalescingProducer, chunkByBytes, keyedMessages } from './coalescing-producer';

describe('chunkByBytes', () => {
  const message = (size: number) => ({ key: 'gw', value: 'v'.repeat(size) });

  it('keeps every message, in order, in groups under the limit', () => {
    const messages = Array.from({ length: 50 }, (_, i) => message(100 + i));
    const chunks = chunkByBytes(messages, 1000);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.reduce((n, m) => n + (m.value?.length ?? 0) + 2 + 64, 0)).toBeLessThanOrEqual(1000);
  });

  it('puts a message larger than the limit alone rather than dropping it', () => {
    const chunks = chunkByBytes([message(10), message(5000), message(10)], 1000);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('returns nothing for nothing', () => {
    expect(chunkByBytes([], 1000)).toEqual([]);
  });
});

describe('keyedMessages', () => {
  it('keys every message by the gateway and adds no headers', () => {
    const messages = keyedMessages('gw-1', ['{"a":1}', '{"a":2}']);
    expect(messages.map((m) => [m.key?.toString(), m.value, m.headers])).toEqual([
      ['gw-1', '{"a":1}', undefined],
      ['gw-1', '{"a":2}', undefined],
    ]);
  });
});

describe('CoalescingProducer', () => {
  const message = (value: string) => ({ key: 'gw', value });

  it('coalesces what arrives while a call is in flight, and settles each send with the call that carried it', async () => {
    const calls: string[][] = [];
    const gates: Array<() => void> = [];
    const producer = new CoalescingProducer(
      (batches) => {
        calls.push(batches.flat().map((m) => String(m.value)));
        return new Promise<void>((resolve) => gates.push(resolve));
      },
      1,
      1_000_000,
    );
    const first = producer.send([message('a')]);
    const second = producer.send([message('b')]);
    const third = producer.send([message('c'), message('d')]);
    expect(calls).toEqual([['a']]);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    gates[0]();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    expect(secondDone).toBe(false);
    gates[1]();
    await Promise.all([second, third]);
  });

  it('fails every send of a failed call and goes on with the next', async () => {
    let fail = true;
    const producer = new CoalescingProducer(async () => {
      if (fail) throw new Error('broker down');
    }, 2, 1_000_000);
    await expect(producer.send([message('a')])).rejects.toThrow('broker down');
    fail = false;
    await expect(producer.send([message('b')])).resolves.toBeUndefined();
  });
});
