import { randomUUID } from 'node:crypto';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Paths masked in every log line: credentials must never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gravitee-api-key"]',
  'req.headers["x-internal-token"]',
  '*.cloudToken',
  '*.licenseKey',
  '*.password',
  '*.privateKey',
  '*.token',
  'cloudToken',
  'licenseKey',
  'password',
  'privateKey',
];

/** Short tail of a secret, for logs that must tell two secrets apart without revealing them. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '<unset>';
  return secret.length <= 8 ? '****' : `****${secret.slice(-4)}`;
}

export interface LoggingOptions {
  service: string;
  level: string;
  pretty?: boolean;
  /**
   * Level of the access-log line of a successful request: `debug` by default, since most requests are
   * gateways polling and heartbeats; what matters is logged by the code that does it (a deploy, a
   * gateway connecting). Failed requests are logged at warn (4xx) and error (5xx).
   */
  successLevel?: 'info' | 'debug';
  /**
   * Routes served without the per-request logger (no access log line, no `req.log`): long-polls that
   * every connected gateway holds open, where a request logger costs ~7 KB of heap per waiting call.
   */
  unloggedRoutes?: string[];
}

@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          exclude: options.unloggedRoutes?.map((path) => ({ method: RequestMethod.ALL, path })),
          // Every route, in the wildcard syntax of Nest 11 (the library's default `*` makes Nest warn at each start).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            redact: { paths: REDACTED_PATHS, censor: '****' },
            genReqId: (req: IncomingMessage) => {
              const incoming = req.headers[CORRELATION_HEADER];
              return (Array.isArray(incoming) ? incoming[0] : incoming) || randomUUID();
            },
            customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: string }).id }),
            customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, err?: Error) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : (options.successLevel ?? 'debug'),
            autoLogging: { ignore: (req: IncomingMessage) => /\/(health|metrics)|_node\//.test(req.url ?? '') },
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url, id: req.id }),
            },
            transport: options.pretty ? { target: 'pino-pretty', options: { destination: 1, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } : undefined,
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
