import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the Automation API (SPEC §10) declares by human-readable id: APIs (with the declaration as
 * last put), applications (new), subscriptions. Live API keys become unique per environment rather
 * than across every tenant, since an automation client may choose its own keys.
 */
export class DeclaredResources1796159344671 implements MigrationInterface {
  name = 'DeclaredResources1796159344671';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE apis ADD COLUMN hrid text, ADD COLUMN declaration jsonb`);
    await q.query(`CREATE UNIQUE INDEX apis_environment_hrid ON apis (environment_id, hrid) WHERE hrid IS NOT NULL`);
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        environment_id uuid NOT NULL REFERENCES environments(id),
        hrid text,
        name text NOT NULL,
        description text NOT NULL,
        declaration jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX applications_environment_hrid ON applications (environment_id, hrid) WHERE hrid IS NOT NULL`);
    await q.query(`ALTER TABLE subscriptions ADD COLUMN hrid text, ADD COLUMN declaration jsonb`);
    // A closed subscription keeps its hrid for the record; a new one may take it again.
    await q.query(`CREATE UNIQUE INDEX subscriptions_api_hrid ON subscriptions (api_id, hrid) WHERE hrid IS NOT NULL AND status <> 'CLOSED'`);
    await q.query(`CREATE INDEX subscriptions_application ON subscriptions (application)`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_key_key`);
    // Revoked keys are history: a key revoked with its subscription may be declared again.
    await q.query(`CREATE UNIQUE INDEX api_keys_environment_key ON api_keys (environment_id, key) WHERE NOT revoked`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_environment_key`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_key_key UNIQUE (key)`);
    await q.query(`DROP INDEX subscriptions_application`);
    await q.query(`DROP INDEX subscriptions_api_hrid`);
    await q.query(`ALTER TABLE subscriptions DROP COLUMN declaration, DROP COLUMN hrid`);
    await q.query(`DROP TABLE applications`);
    await q.query(`DROP INDEX apis_environment_hrid`);
    await q.query(`ALTER TABLE apis DROP COLUMN declaration, DROP COLUMN hrid`);
  }
}
