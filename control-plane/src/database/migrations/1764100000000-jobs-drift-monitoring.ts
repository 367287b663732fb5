import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable job runner, drift detection and router monitoring: at most one running job per
 * router (enforced by the database, so two replicas can never deploy one router at once),
 * what each job was asked to do and the retry chain, a router's CA certificate, and where drift reports and health readings live.
 */
export class JobsDriftMonitoring1764100000000 implements MigrationInterface {
  name = 'JobsDriftMonitoring1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD "parameters" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD "retry_of_job_id" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deployment_job_running_peer" ON "deployment_job" ("peer_id") WHERE status = 'running'`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "mikrotik_ca_certificate" text`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "mikrotik_drift_report" jsonb`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "mikrotik_last_drift_check" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "mikrotik_health" jsonb`);
    await queryRunner.query(`ALTER TABLE "peer_connection" ADD "stats_updated_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer_connection" DROP COLUMN "stats_updated_at"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "mikrotik_health"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "mikrotik_last_drift_check"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "mikrotik_drift_report"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "mikrotik_ca_certificate"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_deployment_job_running_peer"`);
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP COLUMN "retry_of_job_id"`);
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP COLUMN "parameters"`);
  }
}
