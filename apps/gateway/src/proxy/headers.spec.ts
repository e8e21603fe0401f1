import { endToEndHeaders, upstreamRequestHeaders } from './headers';

describe('proxy headers', () => {
  it('drops hop-by-hop headers and those the Connection header names', () => {
    const out = endToEndHeaders({ connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': '1', 'transfer-encoding': 'chunked', 'x-kept': '2' });
    expect(out).toEqual({ 'x-kept': '2' });
  });

  it('sends the endpoint Host, the X-Forwarded-* set, and never the API key', () => {
    const out = upstreamRequestHeaders(
      { host: 'gw.example.com', 'x-forwarded-for': '10.0.0.1', 'x-gravitee-api-key': 'secret', accept: 'text/plain' },
      'backend:8080',
      { remoteAddress: '127.0.0.1', host: 'gw.example.com', proto: 'http' },
    );
    expect(out).toEqual({ host: 'backend:8080', accept: 'text/plain', 'x-forwarded-for': '10.0.0.1, 127.0.0.1', 'x-forwarded-host': 'gw.example.com', 'x-forwarded-proto': 'http' });
  });
});
