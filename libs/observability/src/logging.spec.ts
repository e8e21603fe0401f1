import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, maskSecret } from './logging.module';

describe('log masking', () => {
  it('never writes tokens, license keys or passwords', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '****' } }, sink);
    logger.info({ req: { headers: { authorization: 'Bearer eyJsecret', 'x-gravitee-api-key': 'k-123' } }, details: { cloudToken: 'eyJtoken', licenseKey: 'bGljZW5zZQ==' } }, 'issued');
    const line = lines.join('');
    expect(line).not.toMatch(/eyJsecret|k-123|eyJtoken|bGljZW5zZQ==/);
    expect(line).toContain('****');
  });

  it('keeps only the tail of a secret', () => {
    expect(maskSecret('abcdefghijkl')).toBe('****ijkl');
    expect(maskSecret('short')).toBe('****');
    expect(maskSecret(undefined)).toBe('<unset>');
  });
});
