import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { CloudGateConfig, ConfigValidationError, loadConfig } from '@app/config';
import { createValidationPipe, runService, ServiceLogger } from '@app/observability';
import { AppModule } from './app.module';

function httpsOptions(config: CloudGateConfig) {
  if (config.CLOUD_GATE_INSECURE_HTTP) return undefined;
  if (!config.TLS_CERT_FILE || !config.TLS_KEY_FILE) {
    throw new ConfigValidationError([
      'TLS_CERT_FILE, TLS_KEY_FILE: the Cloud Gate serves HTTPS; set both to PEM files, or CLOUD_GATE_INSECURE_HTTP=true for plain HTTP',
    ]);
  }
  return { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) };
}

runService('cloud-gate', async () => {
  const config = loadConfig(CloudGateConfig);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, httpsOptions: httpsOptions(config), bodyParser: false });
  app.useLogger(new ServiceLogger(app.get(Logger)));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  const scheme = config.CLOUD_GATE_INSECURE_HTTP ? 'http' : 'https';
  app.get(Logger).log(`cloud gate ${config.REGION} listening on ${scheme}://127.0.0.1:${config.port}`);
});
