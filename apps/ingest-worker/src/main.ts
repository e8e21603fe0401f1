import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { IngestWorkerConfig, loadConfig } from '@app/config';
import { runService, ServiceLogger } from '@app/observability';
import { AppModule } from './app.module';

runService('ingest-worker', async () => {
  const config = loadConfig(IngestWorkerConfig);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new ServiceLogger(app.get(Logger)));
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`ingest worker health and metrics on http://127.0.0.1:${config.PORT}`);
});
