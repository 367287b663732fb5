import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The X25519 public key each agent makes at enrollment, to which the router password of a job
 * dispatch is sealed. Agents enrolled before have none: dispatching a router job to one is
 * refused (it must enroll again), never sent in clear.
 */
export class AgentSealingKey1764700000000 implements MigrationInterface {
  name = 'AgentSealingKey1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agent" ADD "sealing_public_key" character varying(44)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "sealing_public_key"`);
  }
}
