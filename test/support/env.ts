/**
 * Where the test servers are. `npm test` (scripts/test.mjs) starts what is missing and passes these;
 * the defaults are the local ports of `npm run services -- up`.
 */
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hybrid_cp',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  elasticsearchUrl: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  tlsCertFile: process.env.TLS_CERT_FILE ?? '/var/tmp/hybrid-cp/pki/cloud-gate.crt',
  tlsKeyFile: process.env.TLS_KEY_FILE ?? '/var/tmp/hybrid-cp/pki/cloud-gate.key',
  caFile: process.env.GRAVITEE_CLOUD_GATE_CA_FILE ?? '/var/tmp/hybrid-cp/pki/ca.crt',
};
