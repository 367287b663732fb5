import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every way a job can end has its own code (a user's cancel, the agent stopping or falling
 * silent, a router fault), kept beside the message so the console and automation can tell
 * them apart without parsing text.
 */
export class JobErrorCode1764600000000 implements MigrationInterface {
  name = 'JobErrorCode1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD "error_code" character varying(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP COLUMN "error_code"`);
  }
}
