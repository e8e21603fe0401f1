// Apache Kafka, single node in KRaft combined mode, from the broker jars on Maven Central.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { HOME, PROJECT_ROOT, ensureDir, findJavaHome, paths, portOpen, readPid, isAlive, runMaven, startDetached, stopDetached, waitFor } from './common.mjs';

/** 3.9 is the newest line that still speaks every protocol version kafkajs 2.2.4 uses (Kafka 4 dropped them, KIP-896). */
export const KAFKA_VERSION = '3.9.1';
const NAME = 'kafka';
const PORT = 9092;
const CONTROLLER_PORT = 9093;
const libsDir = join(HOME, `kafka-${KAFKA_VERSION}`, 'libs');

export const kafka = {
  name: NAME,
  env: () => ({ KAFKA_BROKERS: `127.0.0.1:${PORT}` }),

  async isUp() {
    if (!(await portOpen(PORT))) return false;
    return brokerAnswers();
  },

  async provision() {
    if (existsSync(libsDir) && readdirSync(libsDir).some((f) => f.startsWith('kafka_2.13-'))) return;
    ensureDir(libsDir);
    await runMaven(NAME, [
      '-f', join(PROJECT_ROOT, 'scripts', 'services', 'kafka-pom.xml'),
      `-Dkafka.version=${KAFKA_VERSION}`,
      'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime',
    ], `Apache Kafka ${KAFKA_VERSION}`);
  },

  async start() {
    const javaHome = findJavaHome();
    const dataDir = ensureDir(join(paths.state(NAME), 'data'));
    const config = join(paths.state(NAME), 'server.properties');
    const log4j = join(paths.state(NAME), 'log4j.properties');
    writeFileSync(config, serverProperties(dataDir));
    writeFileSync(log4j, LOG4J);
    const java = join(javaHome, 'bin', 'java');
    const classpath = `${libsDir}/*`;
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      const clusterId = randomBytes(16).toString('base64url').slice(0, 22);
      const r = spawnSync(java, ['-cp', classpath, `-Dlog4j.configuration=file:${log4j}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`kafka storage format failed: ${r.stderr || r.stdout}`);
    }
    const pid = startDetached(NAME, java, [
      '-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${log4j}`, '-cp', classpath, 'kafka.Kafka', config,
    ]);
    await waitFor(NAME, `broker on 127.0.0.1:${PORT}`, async () => isAlive(pid) ? (await portOpen(PORT)) && brokerAnswers() : Promise.reject(new Error('broker process exited')), { logFile: paths.logFile(NAME) });
  },

  logFile: () => paths.logFile(NAME),
  stop: () => stopDetached(NAME),
  ownedPid: () => (isAlive(readPid(NAME)) ? readPid(NAME) : undefined),
};

async function brokerAnswers() {
  const admin = new Kafka({ clientId: 'dev-services', brokers: [`127.0.0.1:${PORT}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(dataDir) {
  return `# written by scripts/services/kafka.mjs
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${dataDir}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=104857600
`;
}

const LOG4J = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
`;
