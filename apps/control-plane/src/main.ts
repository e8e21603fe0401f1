import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ControlPlaneConfig, loadConfig } from '@app/config';
import { CONTROL_PLANE_MAX_BODY_BYTES, createValidationPipe, hardenHttp, runService } from '@app/observability';
import { API_PREFIX, OUTSIDE_API_PREFIX } from './api-prefix';
import { AppModule } from './app.module';
import { stateIdLimits, uuidPathParameters } from './openapi-limits';

runService('control-plane', async () => {
  const config = loadConfig(ControlPlaneConfig);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: OUTSIDE_API_PREFIX });
  hardenHttp(app, { jsonBodyLimitBytes: CONTROL_PLANE_MAX_BODY_BYTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Hybrid control plane')
    .setDescription('Cloud Accounts, environments, hybrid gateways, Cloud Tokens, licenses, APIs and analytics.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token' }, 'admin')
    .build();
  SwaggerModule.setup('api/docs', app, () => {
    const document = SwaggerModule.createDocument(app, openApi);
    // Operational endpoints are not part of the operator API.
    delete document.paths['/metrics'];
    return stateIdLimits(document, uuidPathParameters(app));
  });

  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`control plane listening on http://127.0.0.1:${config.PORT}`);
});
