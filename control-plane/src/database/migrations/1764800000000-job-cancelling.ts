import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A running job that was cancelled is `cancelling` until its worker has rolled back, and only
 * then `cancelled`. Before, it was `cancelled` at once while the worker still held it: those
 * rows (cancelled, still locked) are moved to `cancelling` so the new runner finishes or
 * recovers them. A cancelling job is still working on its router, so the one-job-per-router
 * index covers it too; the status column takes only the known values.
 */
export class JobCancelling1764800000000 implements MigrationInterface {
  name = 'JobCancelling1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "deployment_job" SET "status" = 'cancelling', "completed_at" = NULL WHERE "status" = 'cancelled' AND "locked_by" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."UQ_deployment_job_running_peer"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deployment_job_running_peer" ON "deployment_job" ("peer_id") WHERE status IN ('running', 'cancelling')`);
    await queryRunner.query(
      `ALTER TABLE "deployment_job" ADD CONSTRAINT "CK_deployment_job_status" CHECK ("status" IN ('pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP CONSTRAINT "CK_deployment_job_status"`);
    // The old runner reads a cancelled job it still holds as one it is rolling back.
    await queryRunner.query(`UPDATE "deployment_job" SET "status" = 'cancelled', "completed_at" = COALESCE("completed_at", now()) WHERE "status" = 'cancelling'`);
    await queryRunner.query(`DROP INDEX "public"."UQ_deployment_job_running_peer"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deployment_job_running_peer" ON "deployment_job" ("peer_id") WHERE status = 'running'`);
  }
}
