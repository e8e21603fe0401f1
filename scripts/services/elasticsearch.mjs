// Elasticsearch, single node on loopback, from the integ-test-zip distribution on Maven Central.
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { HOME, IS_ROOT, PrerequisiteError, chownRecursive, ensureDir, ensureSystemUser, findJavaHome, isAlive, paths, readPid, runMaven, startDetached, stopDetached, waitFor, which } from './common.mjs';

/** The 8.x line matches `@elastic/elasticsearch` 8.19, whose engines accept Node 20 (9.x clients need Node 22). */
export const ES_VERSION = '8.19.4';
const NAME = 'elasticsearch';
const PORT = 9200;
const ES_USER = 'hybridcp-es';
const esHome = join(HOME, `elasticsearch-${ES_VERSION}`);
const url = `http://127.0.0.1:${PORT}`;

export const elasticsearch = {
  name: NAME,
  env: () => ({ ELASTICSEARCH_URL: url }),

  isUp: () => clusterReady(),

  async provision() {
    if (existsSync(join(esHome, 'bin', 'elasticsearch'))) return;
    const m2 = process.env.MAVEN_REPO_LOCAL || join(homedir(), '.m2', 'repository');
    const zip = join(m2, 'org/elasticsearch/distribution/integ-test-zip/elasticsearch', ES_VERSION, `elasticsearch-${ES_VERSION}.zip`);
    if (!existsSync(zip)) {
      await runMaven(NAME, ['dependency:get', `-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip`, '-Dtransitive=false'], `Elasticsearch ${ES_VERSION}`);
    }
    ensureDir(HOME);
    const unzip = which('unzip');
    const r = unzip ? spawnSync(unzip, ['-q', '-o', zip, '-d', HOME]) : spawnSync(join(findJavaHome(), 'bin', 'jar'), ['xf', zip], { cwd: HOME });
    if (r.status !== 0) throw new PrerequisiteError(`${NAME}: could not unpack ${zip}`, 'apt-get install -y unzip');
    spawnSync('chmod', ['-R', 'u+x,go+rx', join(esHome, 'bin')]);
  },

  async start() {
    const javaHome = findJavaHome();
    const dataDir = ensureDir(join(paths.state(NAME), 'data'));
    const logsDir = ensureDir(join(paths.state(NAME), 'logs'));
    writeFileSync(join(esHome, 'config', 'elasticsearch.yml'), config(dataDir, logsDir));
    writeFileSync(join(esHome, 'config', 'jvm.options.d', 'heap.options'), '-Xms768m\n-Xmx768m\n');
    // Elasticsearch refuses to run as root: as root it runs as an unprivileged user that owns its files.
    let ids;
    if (IS_ROOT) {
      ids = ensureSystemUser(ES_USER);
      chownRecursive(esHome, ids);
      chownRecursive(paths.state(NAME), ids);
      spawnSync('chmod', ['o+rx', HOME, join(HOME, 'state')]);
    }
    const pid = startDetached(NAME, join(esHome, 'bin', 'elasticsearch'), [], {
      cwd: esHome,
      env: { ES_JAVA_HOME: javaHome, JAVA_HOME: javaHome, ES_PATH_CONF: join(esHome, 'config'), HOME: esHome },
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
    });
    await waitFor(NAME, `cluster on ${url}`, async () => (isAlive(pid) ? clusterReady() : Promise.reject(new Error('node process exited'))), {
      timeoutMs: 180_000,
      logFile: paths.logFile(NAME),
    });
  },

  logFile: () => paths.logFile(NAME),
  stop: () => stopDetached(NAME, { graceMs: 30_000 }),
  ownedPid: () => (isAlive(readPid(NAME)) ? readPid(NAME) : undefined),
};

async function clusterReady() {
  try {
    const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

function config(dataDir, logsDir) {
  return `# written by scripts/services/elasticsearch.mjs
cluster.name: hybrid-cp-dev
node.name: dev-1
path.data: ${dataDir}
path.logs: ${logsDir}
network.host: 127.0.0.1
http.port: ${PORT}
transport.port: 9300
discovery.type: single-node
# Free disk on these machines has been seen at a few hundred MB: never turn indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
xpack.security.enabled: false
action.destructive_requires_name: false
`;
}
