import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on accounts: a user may be known by an OIDC issuer and subject instead of a
 * password, so the password hash becomes optional.
 */
export class SingleSignOn1765500000000 implements MigrationInterface {
  name = 'SingleSignOn1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "external_issuer" character varying(512)`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "external_subject" character varying(255)`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "UQ_app_user_external" UNIQUE ("external_issuer", "external_subject")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "UQ_app_user_external"`);
    // A single sign-on account keeps its row (and what refers to it) but gets a hash no password matches.
    await queryRunner.query(`UPDATE "app_user" SET "password_hash" = '!single-sign-on' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "external_subject"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "external_issuer"`);
  }
}
