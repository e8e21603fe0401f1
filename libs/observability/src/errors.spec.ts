import { ArgumentsHost, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError, DomainExceptionFilter } from './errors';

function respond(filter: DomainExceptionFilter, exception: unknown) {
  const res = { statusCode: 0, body: undefined as unknown, headers: {} as Record<string, string>, headersSent: false };
  const response = {
    headersSent: false,
    getHeader: (k: string) => res.headers[k],
    setHeader: (k: string, v: string) => (res.headers[k] = v),
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    json(body: unknown) {
      res.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ url: '/x' }) }) } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return res;
}

describe('DomainExceptionFilter', () => {
  const filter = new DomainExceptionFilter((code) => (code === 'GONE_AWAY' ? 410 : 500));

  it('maps domain codes through the app mapping', () => {
    const res = respond(filter, new DomainError('GONE_AWAY', 'it left'));
    expect(res).toMatchObject({ statusCode: 410, body: { statusCode: 410, error: 'Gone', code: 'GONE_AWAY', message: 'it left' } });
  });

  it('gives Nest exceptions a stable code', () => {
    expect(respond(filter, new NotFoundException('no such account')).body).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'no such account' });
  });

  it('keeps the per-dependency detail of a failing health check, with Retry-After', () => {
    const health = { status: 'error', info: {}, error: { kafka: { status: 'down' } }, details: { kafka: { status: 'down' } } };
    const res = respond(filter, new ServiceUnavailableException(health));
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatchObject({ code: 'UNHEALTHY', status: 'error', details: { kafka: { status: 'down' } } });
    expect(res.headers['Retry-After']).toBe('5');
  });

  it('answers an unknown failure with an error id only', () => {
    const res = respond(filter, new Error('secret internals'));
    expect(res.statusCode).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(res.body).toMatchObject({ code: 'INTERNAL_ERROR', errorId: expect.any(String) });
  });

  it('gives every 5xx an error id, a domain one too', () => {
    const unavailable = new DomainExceptionFilter((code) => (code === 'DOWN' ? 503 : 500));
    const res = respond(unavailable, new DomainError('DOWN', 'the store is away'));
    expect(res).toMatchObject({ statusCode: 503, body: { code: 'DOWN', errorId: expect.any(String) } });
    expect(respond(filter, new NotFoundException('gone')).body).not.toHaveProperty('errorId');
  });

  it("reads an adapter's refusal through the app's translation, and keeps the error shape of body-parser's", () => {
    const refused = Object.assign(new Error('value out of range'), { refusedByStore: true });
    const translating = new DomainExceptionFilter(
      (code) => (code === 'INVALID_REQUEST' ? 400 : 500),
      (e) => ((e as { refusedByStore?: boolean }).refusedByStore ? new DomainError('INVALID_REQUEST', 'a value is out of range') : undefined),
    );
    expect(respond(translating, refused)).toMatchObject({ statusCode: 400, body: { code: 'INVALID_REQUEST' } });
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large', expose: true });
    expect(respond(filter, tooLarge)).toMatchObject({ statusCode: 413, body: { statusCode: 413, error: 'Payload Too Large', code: 'BODY_TOO_LARGE' } });
  });
});
