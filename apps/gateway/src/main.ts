import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { GatewayConfig, loadConfig, normalizeGatewayEnv } from '@app/config';
import { runService } from '@app/observability';
import { AppModule } from './app.module';

runService('gateway', async () => {
  const config = loadConfig(GatewayConfig, normalizeGatewayEnv);
  // The management port (health, metrics) is the Nest app; traffic is served by the proxy on GATEWAY_HTTP_PORT.
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.GATEWAY_MANAGEMENT_PORT, '0.0.0.0');
  app.get(Logger).log(`gateway management on http://127.0.0.1:${config.GATEWAY_MANAGEMENT_PORT}/_node/health`);
});
