import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ControlPlaneConfig, loadConfig } from '@app/config';
import { createValidationPipe, runService, ServiceLogger } from '@app/observability';
import { AppModule } from './app.module';
import { API_PREFIX, UNPREFIXED_ROUTES, buildOpenApiDocument } from './openapi/openapi.document';

runService('control-plane', async () => {
  const config = loadConfig(ControlPlaneConfig);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new ServiceLogger(app.get(Logger)));
  // SPEC §9's 1 MiB (Express's default is 100 KB): Automation API declarations reach here whole, through the gate, up to that size.
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));

  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`control plane listening on http://127.0.0.1:${config.PORT}`);
});
