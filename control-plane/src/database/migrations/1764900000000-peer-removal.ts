import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting a peer or a WAN whose devices hold rows this product wrote is an undeploy: the row
 * stays, marked as being removed, until its removal job has taken everything off the device.
 * The attempts and the last failure are kept so a removal that keeps failing is shown and
 * retried, never forgotten.
 */
export class PeerRemoval1764900000000 implements MigrationInterface {
  name = 'PeerRemoval1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer" ADD "removal_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "removal_attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "peer" ADD "removal_error" text`);
    await queryRunner.query(`ALTER TABLE "wan_network" ADD "removal_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "IDX_peer_removal" ON "peer" ("removal_requested_at") WHERE removal_requested_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_peer_removal"`);
    await queryRunner.query(`ALTER TABLE "wan_network" DROP COLUMN "removal_requested_at"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "removal_error"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "removal_attempts"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP COLUMN "removal_requested_at"`);
  }
}
