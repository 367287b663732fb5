import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens that create a peer can give it local subnets and a configuration template, so a site
 * can be described before its box enrolls. The template is a slug or a UUID with no foreign
 * key: built-in templates live in code, not in config_template.
 */
export class EnrollmentTokenPeerTemplate1764500000000 implements MigrationInterface {
  name = 'EnrollmentTokenPeerTemplate1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "subnets" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "template_id" character varying(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "template_id"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "subnets"`);
  }
}
