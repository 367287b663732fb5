import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions behind access tokens, so a logout, a password change or a disabled account ends
 * them at once; and the keys that sign access tokens, sealed with the master key, so they can
 * be rotated while tokens signed by the previous key stay valid until they expire.
 */
export class Sessions1765400000000 implements MigrationInterface {
  name = 'Sessions1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "refresh_token_hash" character varying(64) NOT NULL, "previous_refresh_token_hashes" jsonb NOT NULL DEFAULT '[]', "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), "client_address" character varying(64), "user_agent" character varying(256), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_user" ON "session" ("user_id") `);
    await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "FK_session_app_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `CREATE TABLE "signing_key" ("id" character varying(32) NOT NULL, "secret_encrypted" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_signing_key" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signing_key"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_session_app_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_user"`);
    await queryRunner.query(`DROP TABLE "session"`);
  }
}
