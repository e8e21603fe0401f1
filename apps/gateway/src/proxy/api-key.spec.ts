import { extractApiKey, queryWithoutApiKey } from './api-key';

describe('extractApiKey', () => {
  it('reads the X-Gravitee-Api-Key header first', () => {
    expect(extractApiKey({ 'x-gravitee-api-key': ' k1 ' }, new URLSearchParams('api-key=k2'))).toBe('k1');
  });

  it('falls back to the api-key query parameter', () => {
    expect(extractApiKey({}, new URLSearchParams('a=1&api-key=k2'))).toBe('k2');
  });

  it('finds no key when neither carries one', () => {
    expect(extractApiKey({ 'x-gravitee-api-key': '' }, new URLSearchParams('api-key='))).toBeUndefined();
    expect(extractApiKey({ authorization: 'Bearer x' }, new URLSearchParams())).toBeUndefined();
  });
});

describe('queryWithoutApiKey', () => {
  it('drops every api-key parameter whatever the encoding of its name, and keeps the rest as written', () => {
    for (const name of ['api-key', 'api%2Dkey', 'api%2dkey', '%61pi-key', 'api-k%65y']) {
      const query = `a=1&${name}=K&b=%20x`;
      expect(extractApiKey({}, new URLSearchParams(query))).toBe('K');
      expect(queryWithoutApiKey(query)).toBe('a=1&b=%20x');
    }
    expect(queryWithoutApiKey('api-key=1&api-key=2')).toBe('');
    expect(queryWithoutApiKey('API-KEY=1&x=%zz')).toBe('API-KEY=1&x=%zz');
  });
});
