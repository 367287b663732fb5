import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents over NATS: enrollment tokens bound to a WAN (single-use or reusable, expiring,
 * revocable, optional approval), and what agents report (interface, last error, drift).
 * A revoked agent's row stays for the account's revocation list, so only one unrevoked
 * agent per peer is unique.
 */
export class AgentsEnrollment1764200000000 implements MigrationInterface {
  name = 'AgentsEnrollment1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Tokens so far were bound to a peer; they take that peer's WAN.
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "wan_id" uuid`);
    await queryRunner.query(`UPDATE "enrollment_token" t SET "wan_id" = p."wan_id" FROM "peer" p WHERE p."id" = t."peer_id"`);
    await queryRunner.query(`DELETE FROM "enrollment_token" WHERE "wan_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ALTER COLUMN "wan_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "name" character varying(64) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "token_prefix" character varying(16) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "peer_type" character varying(32) NOT NULL DEFAULT 'server'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "tags" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "name_template" character varying(64) NOT NULL DEFAULT '{hostname}'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "max_uses" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "use_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "requires_approval" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ALTER COLUMN "peer_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_enrollment_token_wan" ON "enrollment_token"  ("wan_id") `);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD CONSTRAINT "FK_enrollment_token_wan_network" FOREIGN KEY ("wan_id") REFERENCES "wan_network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "agent" ADD "enrollment_token_id" uuid`);
    await queryRunner.query(`ALTER TABLE "agent" ADD "interface_name" character varying(15)`);
    await queryRunner.query(`ALTER TABLE "agent" ADD "last_error" text`);
    await queryRunner.query(`ALTER TABLE "agent" ADD "last_apply_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agent" ADD "drift_report" jsonb`);
    await queryRunner.query(`ALTER TABLE "agent" ADD "drift_detected_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "agent" SET "status" = 'active' WHERE "status" = 'enrolled'`);
    await queryRunner.query(`ALTER TABLE "agent" ALTER COLUMN "status" SET DEFAULT 'active'`);
    await queryRunner.query(`ALTER TABLE "agent" DROP CONSTRAINT "UQ_agent_peer"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_agent_peer_active" ON "agent"  ("peer_id") WHERE revoked_at IS NULL`);
    await queryRunner.query(`ALTER TABLE "agent" ADD CONSTRAINT "FK_agent_enrollment_token" FOREIGN KEY ("enrollment_token_id") REFERENCES "enrollment_token"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agent" DROP CONSTRAINT "FK_agent_enrollment_token"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_agent_peer_active"`);
    // Only one agent per peer fits the old schema: keep the unrevoked one, else the newest.
    await queryRunner.query(`DELETE FROM "agent" a WHERE a."revoked_at" IS NOT NULL AND EXISTS (SELECT 1 FROM "agent" b WHERE b."peer_id" = a."peer_id" AND b."revoked_at" IS NULL)`);
    await queryRunner.query(`DELETE FROM "agent" a USING "agent" b WHERE a."peer_id" = b."peer_id" AND (a."created_at", a."id") < (b."created_at", b."id")`);
    await queryRunner.query(`ALTER TABLE "agent" ADD CONSTRAINT "UQ_agent_peer" UNIQUE ("peer_id")`);
    await queryRunner.query(`ALTER TABLE "agent" ALTER COLUMN "status" SET DEFAULT 'enrolled'`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "drift_detected_at"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "drift_report"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "last_apply_at"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "interface_name"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP COLUMN "enrollment_token_id"`);

    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP CONSTRAINT "FK_enrollment_token_wan_network"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_enrollment_token_wan"`);
    await queryRunner.query(`DELETE FROM "enrollment_token" WHERE "peer_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ALTER COLUMN "peer_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "requires_approval"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "use_count"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "max_uses"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "name_template"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "tags"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "peer_type"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "token_prefix"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "name"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP COLUMN "wan_id"`);
  }
}
