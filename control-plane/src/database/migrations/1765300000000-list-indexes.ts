import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the lists the console pages, sorts and filters on the server: a WAN's peers by
 * creation or last handshake, jobs newest first (overall, per WAN) or by last change, and the
 * audit trail by action, actor or WAN, newest first. Each serves an ORDER BY … LIMIT without
 * sorting the whole table.
 */
export class ListIndexes1765300000000 implements MigrationInterface {
  name = 'ListIndexes1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_peer_wan_created" ON "peer" ("wan_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_peer_wan_last_seen" ON "peer" ("wan_id", "last_seen") `);
    await queryRunner.query(`CREATE INDEX "IDX_deployment_job_created" ON "deployment_job" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_deployment_job_updated" ON "deployment_job" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_deployment_job_wan_created" ON "deployment_job" ("wan_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_action_at" ON "audit_log" ("action", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_actor_at" ON "audit_log" ("actor_name", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_wan_at" ON "audit_log" ("wan_id", "at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_wan_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_actor_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_action_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployment_job_wan_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployment_job_updated"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployment_job_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_peer_wan_last_seen"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_peer_wan_created"`);
  }
}
