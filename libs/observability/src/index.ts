export * from './logging.module';
export * from './metrics';
export * from './errors';
export * from './bootstrap';
export * from './health';
export * from './service-logger';
