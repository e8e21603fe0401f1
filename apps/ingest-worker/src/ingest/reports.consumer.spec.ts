import type { KafkaMessage } from '@app/kafka';
import { slices } from './reports.consumer';

const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ offset: String(i) }) as KafkaMessage);

describe('slices', () => {
  it('cuts a batch into slices of at most the bulk size, evenly, in order', () => {
    expect(slices(messages(6100), 2000).map((s) => s.length)).toEqual([1525, 1525, 1525, 1525]);
    expect(slices(messages(6000), 2000).map((s) => s.length)).toEqual([2000, 2000, 2000]);
    expect(slices(messages(5), 2000).map((s) => s.length)).toEqual([5]);
    expect(slices(messages(7), 3).flat().map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(slices(messages(7), 3).every((s) => s.length <= 3)).toBe(true);
  });
});
