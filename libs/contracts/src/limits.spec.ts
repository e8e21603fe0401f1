import fc from 'fast-check';
import { MAX_JSON_DEPTH, jsonTextExceedsDepth, valueExceedsDepth } from './limits';

const depthOf = (value: unknown): number => (typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0);

describe('jsonTextExceedsDepth', () => {
  it('agrees with the depth of the parsed value, brackets inside strings included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(jsonTextExceedsDepth(JSON.stringify(value), max)).toBe(depthOf(value) > max);
        expect(valueExceedsDepth(value, max)).toBe(depthOf(value) > max);
      }),
    );
    expect(jsonTextExceedsDepth(JSON.stringify({ a: '[[[[\\"{{{{' }), 1)).toBe(false);
  });

  it('refuses the 33rd level by default', () => {
    expect(jsonTextExceedsDepth(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(jsonTextExceedsDepth(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
  });
});
