import { bulkBody } from './elasticsearch.adapter';

describe('bulkBody', () => {
  it('writes one index action and one document per item, each on its own line', () => {
    const body = bulkBody([
      { index: 'gravitee-a-metrics-2026.11.26', id: 'id-1', source: JSON.stringify({ status: 200, uri: '/x\ny' }) },
      { index: 'gravitee-a-metrics-2026.11.27', id: 'id-"2"', source: '{}' },
      { index: 'gravitee-a-metrics-2026.11.27', id: 'id-3', source: [Buffer.from('{"note":"é ☃"'), ',"n":1', Buffer.from(',"m":"ü"'), '}'] },
    ]);
    const lines = body.toString('utf8').split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe('');
    expect(lines.slice(0, 6).map((l) => JSON.parse(l))).toEqual([
      { index: { _index: 'gravitee-a-metrics-2026.11.26', _id: 'id-1' } },
      { status: 200, uri: '/x\ny' },
      { index: { _index: 'gravitee-a-metrics-2026.11.27', _id: 'id-"2"' } },
      {},
      { index: { _index: 'gravitee-a-metrics-2026.11.27', _id: 'id-3' } },
      { note: 'é ☃', n: 1, m: 'ü' },
    ]);
    expect(body.length).toBe(Buffer.byteLength(body.toString('utf8')));
  });

  it('holds documents far larger than it first makes room for', () => {
    const big = { message: '☃'.repeat(3000), bytes: 'x'.repeat(5000) };
    const body = bulkBody([
      { index: 'i', id: 'a', source: JSON.stringify(big) },
      { index: 'i', id: 'b', source: [Buffer.from(JSON.stringify(big).slice(0, -1)), ',"n":2}'] },
    ]);
    const lines = body.toString('utf8').split('\n');
    expect(JSON.parse(lines[1])).toEqual(big);
    expect(JSON.parse(lines[3])).toEqual({ ...big, n: 2 });
    expect(lines[4]).toBe('');
  });
});
