import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ControlPlaneConfig, loadConfig } from '@app/config';
import { CONTROL_PLANE_MAX_BODY_BYTES, createValidationPipe, hardenHttp, runService, ServiceLogger } from '@app/observability';
import { AppModule } from './app.module';
import { API_PREFIX, UNPREFIXED_ROUTES, buildOpenApiDocument } from './openapi/openapi.document';

runService('control-plane', async () => {
  const config = loadConfig(ControlPlaneConfig);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(new ServiceLogger(app.get(Logger)));
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  // JSON bodies up to SPEC §9's 1 MiB (Automation API declarations reach here whole, through the gate).
  hardenHttp(app, { jsonBodyLimitBytes: CONTROL_PLANE_MAX_BODY_BYTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));

  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`control plane listening on http://127.0.0.1:${config.PORT}`);
});
