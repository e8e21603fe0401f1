import { extractApiKey } from './api-key';

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
