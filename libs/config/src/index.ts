export * from './validate-config';
export * from './config.module';
export * from './common.config';
export * from './control-plane.config';
export * from './cloud-gate.config';
export * from './ingest-worker.config';
export * from './gateway.config';
