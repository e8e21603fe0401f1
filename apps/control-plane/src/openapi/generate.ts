import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ControlPlaneConfig, loadConfig } from '@app/config';
import { AppModule } from '../app.module';
import { API_PREFIX, UNPREFIXED_ROUTES, buildOpenApiDocument } from './openapi.document';

/**
 * Writes the OpenAPI document the control plane serves at /api/docs, without starting it: Nest's
 * preview mode builds the routes without connecting to anything. `npm test` lints its output.
 */
async function main(out: string): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig(ControlPlaneConfig)), { preview: true, abortOnError: false, logger: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  writeFileSync(out, JSON.stringify(buildOpenApiDocument(app), null, 2));
  await app.close();
}

main(process.argv[2] ?? 'openapi.json').then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`openapi: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
