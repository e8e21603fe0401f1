import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ControlPlaneConfig, loadConfig } from '@app/config';
import { createValidationPipe, runService } from '@app/observability';
import { AppModule } from './app.module';

runService('control-plane', async () => {
  const config = loadConfig(ControlPlaneConfig);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SPEC §9's 1 MiB (Express's default is 100 KB): Automation API declarations reach here whole, through the gate, up to that size.
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics', '.well-known/jwks.json', 'internal', 'internal/{*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Hybrid control plane')
    .setDescription('Cloud Accounts, environments, hybrid gateways, Cloud Tokens, licenses, APIs and analytics.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token, or an account’s automation token for that account only (403 elsewhere)' }, 'admin')
    .build();
  SwaggerModule.setup('api/docs', app, () => {
    const document = SwaggerModule.createDocument(app, openApi);
    // Operational endpoints are not part of the operator API.
    delete document.paths['/metrics'];
    return document;
  });

  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`control plane listening on http://127.0.0.1:${config.PORT}`);
});
