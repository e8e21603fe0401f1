import { CommitLine } from './commit-line';

describe('CommitLine', () => {
  it('commits up to the longest run of finished slices from the start, whatever order they finish in', () => {
    const line = new CommitLine();
    const [a, b, c] = [line.add('0', '9'), line.add('10', '19'), line.add('20', '29')];
    expect(line.done(b)).toBeUndefined();
    expect(line.done(a)).toBe('20');
    expect(line.done(c)).toBe('30');
  });

  it('commits nothing after a failed slice', () => {
    const line = new CommitLine();
    const [a, b, c] = [line.add('0', '9'), line.add('10', '19'), line.add('20', '29')];
    line.failed(a);
    expect(line.done(b)).toBeUndefined();
    expect(line.done(c)).toBeUndefined();
  });

  it('starts anew when the partition is read again from an earlier offset, and forgets the slices before', () => {
    const line = new CommitLine();
    const [a, b] = [line.add('0', '9'), line.add('10', '19')];
    line.failed(a);
    const again = line.add('0', '9');
    expect(line.done(b)).toBeUndefined();
    expect(line.done(a)).toBeUndefined();
    expect(line.done(again)).toBe('10');
  });

  it('follows gaps in the offsets (a slice only has to come after the last one)', () => {
    const line = new CommitLine();
    const a = line.add('0', '9');
    const b = line.add('15', '19');
    expect(line.done(b)).toBeUndefined();
    expect(line.done(a)).toBe('20');
  });

  it('commits nothing for slices added before a reset', () => {
    const line = new CommitLine();
    const a = line.add('0', '9');
    line.reset();
    expect(line.done(a)).toBeUndefined();
    expect(line.done(line.add('10', '19'))).toBe('20');
  });
});
