import { presentedToken } from './presented-token';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('presentedToken', () => {
  it('reads a Bearer token', () => {
    expect(presentedToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(presentedToken('bearer   abc.def.ghi ')).toBe('abc.def.ghi');
  });

  it('reads the password of Basic credentials, whatever the user name', () => {
    expect(presentedToken(basic('gravitee:abc.def.ghi'))).toBe('abc.def.ghi');
    expect(presentedToken(basic(':abc.def.ghi'))).toBe('abc.def.ghi');
    expect(presentedToken(basic('any-user:abc.def.ghi'))).toBe('abc.def.ghi');
  });

  it('finds nothing in other or empty credentials', () => {
    expect(presentedToken(undefined)).toBeUndefined();
    expect(presentedToken('')).toBeUndefined();
    expect(presentedToken('Digest abc')).toBeUndefined();
    expect(presentedToken('Bearer')).toBeUndefined();
    expect(presentedToken(basic('user-without-password'))).toBeUndefined();
    expect(presentedToken(basic('user:'))).toBeUndefined();
    expect(presentedToken(basic('user:two words'))).toBeUndefined();
    expect(presentedToken('Basic !!!')).toBeUndefined();
  });
});
