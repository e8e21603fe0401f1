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
});
