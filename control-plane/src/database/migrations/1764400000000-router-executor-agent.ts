import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The site agent that runs a MikroTik router's jobs, for routers reachable from that site but
 * not from the control plane. Null: the control plane talks to the router itself. Deleting
 * the agent row hands the router back to the control plane.
 */
export class RouterExecutorAgent1764400000000 implements MigrationInterface {
  name = 'RouterExecutorAgent1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer" ADD "mikrotik_executor_agent_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "peer" ADD CONSTRAINT "FK_peer_mikrotik_executor_agent" FOREIGN KEY ("mikrotik_executor_agent_id") REFERENCES "agent"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer" DROP CONSTRAINT "FK_peer_mikrotik_executor_agent"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "mikrotik_executor_agent_id"`);
  }
}
