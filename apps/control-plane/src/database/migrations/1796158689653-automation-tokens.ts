import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One registry for every Cloud Token (SPEC §2, §10): a token has a kind, `gateway` (an installation's,
 * with its gateway) or `automation` (an account's, with a name), and the environments it names.
 */
export class AutomationTokens1796158689653 implements MigrationInterface {
  name = 'AutomationTokens1796158689653';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issued_tokens ADD COLUMN kind text NOT NULL DEFAULT 'gateway' CHECK (kind IN ('gateway', 'automation'))`);
    await q.query(`ALTER TABLE issued_tokens ADD COLUMN name text`);
    await q.query(`ALTER TABLE issued_tokens ADD COLUMN environment_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE issued_tokens t SET environment_ids = ARRAY[g.environment_id] FROM gateways g WHERE g.id = t.gateway_id`);
    await q.query(`ALTER TABLE issued_tokens ALTER COLUMN gateway_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE issued_tokens ADD CONSTRAINT issued_tokens_kind_shape CHECK (
        (kind = 'gateway' AND gateway_id IS NOT NULL) OR (kind = 'automation' AND gateway_id IS NULL AND name IS NOT NULL)
      )`);
    await q.query(`ALTER TABLE issued_tokens ALTER COLUMN kind DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM issued_tokens WHERE kind = 'automation'`);
    await q.query(`ALTER TABLE issued_tokens DROP CONSTRAINT issued_tokens_kind_shape`);
    await q.query(`ALTER TABLE issued_tokens ALTER COLUMN gateway_id SET NOT NULL`);
    await q.query(`ALTER TABLE issued_tokens DROP COLUMN environment_ids, DROP COLUMN name, DROP COLUMN kind`);
  }
}
