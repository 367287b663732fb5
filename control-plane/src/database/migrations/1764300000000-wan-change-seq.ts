import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-WAN change counter, bumped in the same transaction as every desired-state change.
 * Readers compare it to decide whether a cached compilation of the WAN is still current: one
 * indexed row read instead of gathering the whole WAN. A counter, not the outbox's max id,
 * because bigserial ids are handed out before commit and so can commit out of order.
 */
export class WanChangeSeq1764300000000 implements MigrationInterface {
  name = 'WanChangeSeq1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wan_network" ADD "change_seq" bigint NOT NULL DEFAULT '0'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wan_network" DROP COLUMN "change_seq"`);
  }
}
