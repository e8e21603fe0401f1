import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, environments, gateways, key material, issued tokens, APIs, bridge events, subscriptions and API keys. */
export class ControlPlaneSchema1764200000000 implements MigrationInterface {
  name = 'ControlPlaneSchema1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL CHECK (region IN ('eu', 'us')),
        organization_id uuid NOT NULL UNIQUE,
        analytics_index_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE environments (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (account_id, name)
      )`);
    await q.query(`
      CREATE TABLE gateways (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        environment_id uuid NOT NULL REFERENCES environments(id),
        name text NOT NULL,
        platform text NOT NULL CHECK (platform IN ('docker', 'kubernetes', 'openshift', 'linux')),
        access_points jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX gateways_account ON gateways (account_id)`);
    await q.query(`
      CREATE TABLE gateway_instances (
        gateway_id uuid NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
        node_id text NOT NULL,
        hostname text,
        version text,
        state text NOT NULL CHECK (state IN ('started', 'stopped')),
        started_at timestamptz,
        last_heartbeat_at timestamptz NOT NULL,
        stopped_at timestamptz,
        PRIMARY KEY (gateway_id, node_id)
      )`);
    await q.query(`
      CREATE TABLE key_material (
        kid text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('token-signing', 'license')),
        status text NOT NULL CHECK (status IN ('active', 'retired')),
        public_pem text NOT NULL,
        private_pem text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    // At most one active key per purpose, also when several instances start at once.
    await q.query(`CREATE UNIQUE INDEX key_material_one_active ON key_material (purpose) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE issued_tokens (
        jti uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        gateway_id uuid NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
        kid text NOT NULL REFERENCES key_material(kid),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX issued_tokens_account ON issued_tokens (account_id)`);
    await q.query(`CREATE INDEX issued_tokens_revoked ON issued_tokens (revoked_at) WHERE revoked_at IS NOT NULL`);
    await q.query(`CREATE INDEX issued_tokens_kid ON issued_tokens (kid, expires_at)`);
    await q.query(`
      CREATE TABLE apis (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        environment_id uuid NOT NULL REFERENCES environments(id),
        name text NOT NULL,
        context_path text NOT NULL,
        target text NOT NULL,
        plans jsonb NOT NULL,
        lifecycle_state text NOT NULL CHECK (lifecycle_state IN ('STARTED', 'STOPPED')),
        deployed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (environment_id, context_path)
      )`);
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        payload text NOT NULL,
        parent_id text,
        properties jsonb NOT NULL DEFAULT '{}',
        environments text[] NOT NULL,
        organizations text[] NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX events_updated ON events (updated_at)`);
    await q.query(`CREATE INDEX events_environments ON events USING gin (environments)`);
    await q.query(`CREATE INDEX events_api ON events ((properties->>'api_id'), updated_at DESC)`);
    await q.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        api_id uuid NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
        plan_id uuid NOT NULL,
        application text NOT NULL,
        environment_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('ACCEPTED', 'CLOSED', 'PAUSED')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX subscriptions_env ON subscriptions (environment_id, updated_at)`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        subscription_id uuid NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        api_id uuid NOT NULL,
        application text NOT NULL,
        environment_id uuid NOT NULL,
        revoked boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX api_keys_env ON api_keys (environment_id, updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'subscriptions', 'events', 'apis', 'issued_tokens', 'key_material', 'gateway_instances', 'gateways', 'environments', 'accounts', 'settings']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
