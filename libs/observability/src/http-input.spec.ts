import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '@app/contracts';
import { clientErrorOfHttpStack, inspectJson } from './http-input';

const nest = (value: unknown, levels: number): unknown => {
  let out = value;
  for (let i = 0; i < levels; i++) out = i % 2 === 0 ? [out] : { k: out };
  return out;
};

describe('inspectJson', () => {
  it('accepts any value up to 32 levels deep without NUL', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 0, max: MAX_JSON_DEPTH - 5 }), (value, levels) => {
        fc.pre(!JSON.stringify(value).includes('\\u0000') && !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(value)));
        expect(inspectJson(nest(value, levels))).toBeUndefined();
      }),
    );
    expect(inspectJson(nest({}, MAX_JSON_DEPTH - 1))).toBeUndefined();
  });

  it('refuses the 33rd level, and walks 100,000 levels without recursion', () => {
    expect(inspectJson(nest({}, MAX_JSON_DEPTH))).toMatchObject({ error: 'JSON nested deeper than 32 levels' });
    expect(inspectJson(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatchObject({ error: expect.stringMatching(/deeper/) });
  });

  it('finds a NUL in any string or key, and names where', () => {
    expect(inspectJson({ plans: [{ name: 'a\u0000b' }] })).toEqual({ field: 'body.plans[0].name', error: 'must not contain NUL characters' });
    expect(inspectJson({ properties: { 'x\u0000': 'y' } }, 'query')).toEqual({ field: 'query.properties', error: 'keys must not contain NUL characters' });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string(), fc.string(), (value, before, after) => {
        expect(inspectJson({ value, extra: [`${before}\u0000${after}`] })).toBeDefined();
      }),
    );
  });

  it('refuses keys that name object machinery, at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(inspectJson(JSON.parse(`{"x":[{"${key}":{"a":1}}]}`))).toEqual({ field: 'body.x[0]', error: `the key ${key} is not accepted` });
    }
    expect(inspectJson({ constructorName: 1, proto: 2 })).toBeUndefined();
  });

  it('keeps the field it names short, whatever the key', () => {
    const problem = inspectJson({ ['k'.repeat(100_000)]: '\u0000' });
    expect(problem!.field.length).toBeLessThan(100);
  });
});

describe('clientErrorOfHttpStack', () => {
  const httpError = (status: number, type: string, message = 'x') => Object.assign(new Error(message), { status, statusCode: status, type, expose: status < 500 });

  it("gives body-parser's refusals their status and a code", () => {
    expect(clientErrorOfHttpStack(httpError(413, 'entity.too.large'))).toMatchObject({ statusCode: 413, code: 'BODY_TOO_LARGE' });
    expect(clientErrorOfHttpStack(httpError(415, 'encoding.unsupported'))).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(clientErrorOfHttpStack(httpError(415, 'charset.unsupported'))).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(clientErrorOfHttpStack(httpError(400, 'entity.parse.failed', 'p'.repeat(5000)))!.message.length).toBeLessThan(400);
  });

  it('leaves errors not meant for the client alone', () => {
    expect(clientErrorOfHttpStack(httpError(500, 'x'))).toBeUndefined();
    expect(clientErrorOfHttpStack(Object.assign(new Error('internal'), { status: 404 }))).toBeUndefined();
    expect(clientErrorOfHttpStack('oops')).toBeUndefined();
  });
});
