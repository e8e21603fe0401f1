import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private keys are stored sealed with the key-encryption key (SPEC §9). Only the running control
 * plane holds that key, so rows written in the clear before this migration are sealed by it at its
 * next start (KeyStoreService), and the constraint refuses any new plaintext key from then on.
 */
export class SealPrivateKeys1796159379495 implements MigrationInterface {
  name = 'SealPrivateKeys1796159379495';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE key_material RENAME COLUMN private_pem TO private_key`);
    // NOT VALID: existing plaintext rows stay until the start that seals them; every write is checked.
    await q.query(`ALTER TABLE key_material ADD CONSTRAINT key_material_private_key_sealed CHECK (private_key LIKE 'kek1.%') NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE key_material DROP CONSTRAINT key_material_private_key_sealed`);
    await q.query(`ALTER TABLE key_material RENAME COLUMN private_key TO private_pem`);
  }
}
