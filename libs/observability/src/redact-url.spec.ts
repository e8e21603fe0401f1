import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('masks credential parameters whatever the encoding or case of their name', () => {
    expect(redactUrl('/x?access_token=s3cret&page=2')).toBe('/x?access_token=****&page=2');
    expect(redactUrl('/x?api%2Dkey=k1&API-KEY=k2&Token=t&client_secret=c&x-gravitee-api-key=g')).toBe(
      '/x?api%2Dkey=****&API-KEY=****&Token=****&client_secret=****&x-gravitee-api-key=****',
    );
    expect(redactUrl('http://h/x?a=1&password=p')).toBe('http://h/x?a=1&password=****');
  });

  it('leaves other parameters and the path exactly as sent', () => {
    expect(redactUrl('/tokens/abc/revoke?since=1&order=a%20b')).toBe('/tokens/abc/revoke?since=1&order=a%20b');
    expect(redactUrl('/x')).toBe('/x');
    expect(redactUrl('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
  });
});
