import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What operators manage after creating things: a token's last use, tokens that outlive their
 * gateway (a deleted installation's revoked tokens must stay in the revocation list until they
 * expire), and the API record as last deployed, so an edit reaches gateways only at the next deploy.
 */
export class OperatorManagement1796158450168 implements MigrationInterface {
  name = 'OperatorManagement1796158450168';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issued_tokens ADD COLUMN last_seen_at timestamptz`);
    // Issue order to the microsecond (issued_at is the claim iat, whole seconds).
    await q.query(`ALTER TABLE issued_tokens ADD COLUMN created_at timestamptz NOT NULL DEFAULT clock_timestamp()`);
    await q.query(`ALTER TABLE issued_tokens DROP CONSTRAINT IF EXISTS issued_tokens_gateway_id_fkey`);
    await q.query(`CREATE INDEX issued_tokens_gateway ON issued_tokens (gateway_id)`);
    await q.query(`ALTER TABLE apis ADD COLUMN deployed_record jsonb`);
    await q.query(`
      UPDATE apis SET deployed_record = jsonb_build_object('name', name, 'contextPath', context_path, 'target', target, 'plans', plans)
       WHERE deployed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE apis DROP COLUMN deployed_record`);
    await q.query(`DROP INDEX issued_tokens_gateway`);
    await q.query(`DELETE FROM issued_tokens t WHERE NOT EXISTS (SELECT 1 FROM gateways g WHERE g.id = t.gateway_id)`);
    await q.query(`ALTER TABLE issued_tokens ADD CONSTRAINT issued_tokens_gateway_id_fkey FOREIGN KEY (gateway_id) REFERENCES gateways(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE issued_tokens DROP COLUMN created_at`);
    await q.query(`ALTER TABLE issued_tokens DROP COLUMN last_seen_at`);
  }
}
