import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { GatewayConfig, loadConfig, normalizeGatewayEnv } from '@app/config';
import { maskSecret, runService, ServiceLogger } from '@app/observability';
import { AppModule } from './app.module';
import { prepareGateway } from './startup/gateway-startup';
import { StartupRefusal } from './startup/startup-refusal';

runService('gateway', async () => {
  const config = loadConfig(GatewayConfig, normalizeGatewayEnv);
  const startup = await prepareGateway(config).catch((err: unknown) => {
    if (!(err instanceof StartupRefusal)) throw err;
    process.stderr.write(`gateway: refusing to start: ${err.message}\n`);
    process.exit(1);
  });
  // The management port (health, metrics) is the Nest app; traffic is served by the proxy on GATEWAY_HTTP_PORT.
  const app = await NestFactory.create(AppModule.forRoot(config, startup), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(new ServiceLogger(logger));
  // A clean stop (SIGTERM, SIGINT) runs the shutdown hooks (last reports, GATEWAY_STOPPED), then exits 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: stopping`);
      app.close().then(
        () => process.exit(0),
        (err: Error) => {
          process.stderr.write(`gateway: unclean stop: ${err.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  const { claims, license } = startup.context;
  logger.log(
    `gateway ${claims.meta.GATEWAYID} (token ${maskSecret(claims.jti)}, org ${claims.org}, envs ${claims.envs.join(',')}) using Cloud Gate ${startup.cloudGate.baseUrl}, state in ${startup.stateDir}; license ${license.licenseId} for ${license.company} valid until ${license.expiryDate.toISOString()}`,
  );
  await app.listen(config.GATEWAY_MANAGEMENT_PORT, '0.0.0.0');
  logger.log(`gateway management on http://127.0.0.1:${config.GATEWAY_MANAGEMENT_PORT}/_node/health`);
});
