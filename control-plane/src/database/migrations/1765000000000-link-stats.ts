import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WireGuard counters for every link a router reports. Until now they were kept only on the
 * explicit connections of hybrid WANs (`peer_connection`), so hub-spoke and mesh links were
 * read every round and thrown away.
 */
export class LinkStats1765000000000 implements MigrationInterface {
  name = 'LinkStats1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "link_stats" ("peer_a_id" uuid NOT NULL, "peer_b_id" uuid NOT NULL, "wan_id" uuid NOT NULL, "last_handshake" TIMESTAMP WITH TIME ZONE, "rx_bytes" bigint NOT NULL DEFAULT '0', "tx_bytes" bigint NOT NULL DEFAULT '0', "reported_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_link_stats_pair_order" CHECK ("peer_a_id" < "peer_b_id"), CONSTRAINT "PK_link_stats" PRIMARY KEY ("peer_a_id", "peer_b_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_link_stats_peer_b" ON "link_stats" ("peer_b_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_link_stats_wan" ON "link_stats" ("wan_id") `);
    await queryRunner.query(`ALTER TABLE "link_stats" ADD CONSTRAINT "FK_link_stats_peer_a" FOREIGN KEY ("peer_a_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "link_stats" ADD CONSTRAINT "FK_link_stats_peer_b" FOREIGN KEY ("peer_b_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "link_stats" DROP CONSTRAINT "FK_link_stats_peer_b"`);
    await queryRunner.query(`ALTER TABLE "link_stats" DROP CONSTRAINT "FK_link_stats_peer_a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_link_stats_wan"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_link_stats_peer_b"`);
    await queryRunner.query(`DROP TABLE "link_stats"`);
  }
}
