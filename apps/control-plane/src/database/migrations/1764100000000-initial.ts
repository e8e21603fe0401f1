import { MigrationInterface, QueryRunner } from 'typeorm';

/** Starting point of the schema; later migrations add the domain tables. */
export class Initial1764100000000 implements MigrationInterface {
  name = 'Initial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
  }

  async down(): Promise<void> {
    // pgcrypto may be used by other schemas of the same database; leave it.
  }
}
