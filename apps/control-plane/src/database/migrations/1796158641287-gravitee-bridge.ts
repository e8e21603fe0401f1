import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Gravitee's own gateway needs from the bridge (SPEC §4): environment hrids, heartbeat events kept so
 * that later patches (`payload: null`) find them, what a node says of itself, and its node monitoring.
 */
export class GraviteeBridge1796158641287 implements MigrationInterface {
  name = 'GraviteeBridge1796158641287';

  async up(q: QueryRunner): Promise<void> {
    // The slug of the name, made unique within the account in creation order.
    await q.query(`ALTER TABLE environments ADD COLUMN hrid text`);
    await q.query(`
      UPDATE environments e SET hrid = s.hrid FROM (
        SELECT id, CASE WHEN n = 1 THEN slug ELSE slug || '-' || n END AS hrid FROM (
          SELECT id, slug, row_number() OVER (PARTITION BY account_id, slug ORDER BY created_at, id) AS n FROM (
            SELECT id, account_id, created_at,
                   COALESCE(NULLIF(trim(BOTH '-' FROM regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')), ''), 'default') AS slug
              FROM environments
          ) named
        ) numbered
      ) s WHERE e.id = s.id`);
    await q.query(`ALTER TABLE environments ALTER COLUMN hrid SET NOT NULL`);
    await q.query(`CREATE INDEX environments_hrid ON environments (account_id, hrid)`);

    await q.query(`
      CREATE TABLE gateway_heartbeat_events (
        gateway_id uuid NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
        id text NOT NULL,
        node_id text NOT NULL,
        type text NOT NULL,
        payload text NOT NULL,
        parent_id text,
        properties jsonb NOT NULL DEFAULT '{}',
        environments text[] NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (gateway_id, id)
      )`);
    await q.query(`ALTER TABLE gateway_instances ADD COLUMN ip text, ADD COLUMN port text, ADD COLUMN tenant text, ADD COLUMN plugins jsonb`);
    await q.query(`
      CREATE TABLE node_monitoring (
        id uuid PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
        node_id text NOT NULL,
        type text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL,
        evaluated_at timestamptz,
        updated_at timestamptz NOT NULL,
        UNIQUE (gateway_id, node_id, type)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE node_monitoring`);
    await q.query(`ALTER TABLE gateway_instances DROP COLUMN ip, DROP COLUMN port, DROP COLUMN tenant, DROP COLUMN plugins`);
    await q.query(`DROP TABLE gateway_heartbeat_events`);
    await q.query(`DROP INDEX environments_hrid`);
    await q.query(`ALTER TABLE environments DROP COLUMN hrid`);
  }
}
