import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnv } from './env';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A throwaway database on the test server; `drop()` removes it (connections are terminated first). */
export async function createTestDatabase(prefix = 'test'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `hcp_${prefix.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = withDatabase(testEnv.databaseUrl, 'postgres');
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    name,
    url: withDatabase(testEnv.databaseUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
