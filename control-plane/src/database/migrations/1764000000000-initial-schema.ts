import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole data model of spec §6, plus users, API keys, audit log, agents, enrollment
 * tokens, templates, stored conflicts and the state-change outbox. Generated with
 * `tools/schema-diff.ts` against an empty database, then committed unchanged.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "wan_network" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "description" text NOT NULL DEFAULT '', "tunnel_ip_range" cidr NOT NULL, "shared_services_range" cidr NOT NULL, "topology_type" character varying(16) NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_wan_network_name" UNIQUE ("name"), CONSTRAINT "PK_wan_network" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "peer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wan_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "type" character varying(32) NOT NULL, "public_key" character varying(44), "private_key" text, "tunnel_ip" inet NOT NULL, "endpoint" character varying(300), "listen_port" integer, "persistent_keepalive" integer, "is_online" boolean NOT NULL DEFAULT false, "last_seen" TIMESTAMP WITH TIME ZONE, "tags" jsonb NOT NULL DEFAULT '[]', "metadata" jsonb NOT NULL DEFAULT '{}', "overrides" jsonb NOT NULL DEFAULT '{}', "deployment_mode" character varying(32) NOT NULL DEFAULT 'config-file', "desired_revision" bigint NOT NULL DEFAULT '0', "applied_revision" bigint NOT NULL DEFAULT '0', "desired_digest" character varying(64), "mikrotik_management_ip" character varying(255), "mikrotik_api_port" integer DEFAULT '443', "mikrotik_auth_method" character varying(16), "mikrotik_username" character varying(64), "mikrotik_password" text, "mikrotik_api_token" text, "mikrotik_use_ssl" boolean NOT NULL DEFAULT true, "mikrotik_verify_cert" boolean NOT NULL DEFAULT false, "mikrotik_auto_deploy" boolean NOT NULL DEFAULT false, "mikrotik_interface_name" character varying(15) DEFAULT 'wg-wan-overlay', "mikrotik_last_api_check" TIMESTAMP WITH TIME ZONE, "mikrotik_api_status" character varying(16), "mikrotik_router_identity" character varying(255), "mikrotik_routeros_version" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_peer_wan_name" UNIQUE ("wan_id", "name"), CONSTRAINT "UQ_peer_wan_tunnel_ip" UNIQUE ("wan_id", "tunnel_ip"), CONSTRAINT "PK_peer" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "agent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "peer_id" uuid NOT NULL, "nats_public_key" character varying(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'enrolled', "hostname" character varying(255), "version" character varying(32), "applied_revision" bigint NOT NULL DEFAULT '0', "last_seen_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_agent_nats_public_key" UNIQUE ("nats_public_key"), CONSTRAINT "UQ_agent_peer" UNIQUE ("peer_id"), CONSTRAINT "PK_agent" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "role" character varying(16) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "must_change_password" boolean NOT NULL DEFAULT false, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_app_user_username" UNIQUE ("username"), CONSTRAINT "PK_app_user" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character varying(128) NOT NULL, "role" character varying(16) NOT NULL, "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_api_key_key_hash" UNIQUE ("key_hash"), CONSTRAINT "PK_api_key" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user" ON "api_key"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_type" character varying(16) NOT NULL, "actor_id" character varying(64), "actor_name" character varying(64), "action" character varying(64) NOT NULL, "resource_type" character varying(32) NOT NULL, "resource_id" character varying(64), "wan_id" uuid, "before" jsonb, "after" jsonb, "ip" character varying(64), "request_id" character varying(64), CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_resource" ON "audit_log"  ("resource_type", "resource_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log"  ("at") `);
    await queryRunner.query(`CREATE TABLE "config_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "description" text NOT NULL DEFAULT '', "peer_type" character varying(32), "body" text NOT NULL, "is_builtin" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_config_template_name" UNIQUE ("name"), CONSTRAINT "PK_config_template" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "configuration_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "peer_id" uuid NOT NULL, "version" integer NOT NULL, "configuration_text" text NOT NULL, "config_type" character varying(32) NOT NULL, "digest" character varying(64), "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "applied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_configuration_history_peer_version" UNIQUE ("peer_id", "version"), CONSTRAINT "PK_configuration_history" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "deployment_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wan_id" uuid, "peer_id" uuid NOT NULL, "job_type" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "progress_percent" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "error_message" text, "operations_log" jsonb NOT NULL DEFAULT '[]', "steps" jsonb NOT NULL DEFAULT '[]', "result" jsonb, "backup" jsonb, "attempt" integer NOT NULL DEFAULT '0', "locked_by" character varying(64), "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "PK_deployment_job" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_deployment_job_peer" ON "deployment_job"  ("peer_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_deployment_job_status_created" ON "deployment_job"  ("status", "created_at") `);
    await queryRunner.query(`CREATE TABLE "enrollment_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "peer_id" uuid NOT NULL, "token_hash" character varying(128) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_enrollment_token_hash" UNIQUE ("token_hash"), CONSTRAINT "PK_enrollment_token" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_enrollment_token_peer" ON "enrollment_token"  ("peer_id") `);
    await queryRunner.query(`CREATE TABLE "local_subnet" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "peer_id" uuid NOT NULL, "cidr" cidr NOT NULL, "is_routed" boolean NOT NULL DEFAULT true, "nat_enabled" boolean NOT NULL DEFAULT false, "nat_translated_cidr" cidr, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_local_subnet" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_local_subnet_peer" ON "local_subnet"  ("peer_id") `);
    await queryRunner.query(`CREATE TABLE "mikrotik_api_call_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deployment_job_id" uuid, "peer_id" uuid NOT NULL, "method" character varying(8) NOT NULL, "endpoint" character varying(255) NOT NULL, "request_body" jsonb, "response_status" integer, "response_body" jsonb, "error_message" text, "duration_ms" integer, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_mikrotik_api_call_log" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_mikrotik_api_call_log_peer_timestamp" ON "mikrotik_api_call_log"  ("peer_id", "timestamp") `);
    await queryRunner.query(`CREATE INDEX "IDX_mikrotik_api_call_log_job" ON "mikrotik_api_call_log"  ("deployment_job_id") `);
    await queryRunner.query(`CREATE TABLE "peer_connection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "peer_a_id" uuid NOT NULL, "peer_b_id" uuid NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "last_handshake" TIMESTAMP WITH TIME ZONE, "tx_bytes" bigint NOT NULL DEFAULT '0', "rx_bytes" bigint NOT NULL DEFAULT '0', CONSTRAINT "UQ_peer_connection_pair" UNIQUE ("peer_a_id", "peer_b_id"), CONSTRAINT "PK_peer_connection" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_peer_connection_peer_b" ON "peer_connection"  ("peer_b_id") `);
    await queryRunner.query(`CREATE TABLE "published_service" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wan_id" uuid NOT NULL, "peer_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "description" text NOT NULL DEFAULT '', "local_ip" inet NOT NULL, "local_port" integer NOT NULL, "shared_ip" inet NOT NULL, "shared_port" integer NOT NULL, "protocol" character varying(8) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_published_service_shared_endpoint" UNIQUE ("wan_id", "shared_ip", "shared_port", "protocol"), CONSTRAINT "PK_published_service" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_published_service_peer" ON "published_service"  ("peer_id") `);
    await queryRunner.query(`CREATE TABLE "state_change" ("id" BIGSERIAL NOT NULL, "wan_id" uuid NOT NULL, "peer_ids" uuid array NOT NULL DEFAULT '{}', "reason" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_state_change" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_state_change_pending" ON "state_change"  ("processed_at", "id") `);
    await queryRunner.query(`CREATE TABLE "subnet_conflict" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wan_id" uuid NOT NULL, "conflict_key" character varying(255) NOT NULL, "severity" character varying(16) NOT NULL, "kinds" jsonb NOT NULL DEFAULT '[]', "detail" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "resolution" character varying(32), "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_subnet_conflict_wan_key" UNIQUE ("wan_id", "conflict_key"), CONSTRAINT "PK_subnet_conflict" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "peer" ADD CONSTRAINT "FK_peer_wan_network" FOREIGN KEY ("wan_id") REFERENCES "wan_network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "agent" ADD CONSTRAINT "FK_agent_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_api_key_app_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "configuration_history" ADD CONSTRAINT "FK_configuration_history_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD CONSTRAINT "FK_deployment_job_wan_network" FOREIGN KEY ("wan_id") REFERENCES "wan_network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD CONSTRAINT "FK_deployment_job_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deployment_job" ADD CONSTRAINT "FK_deployment_job_app_user" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD CONSTRAINT "FK_enrollment_token_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" ADD CONSTRAINT "FK_enrollment_token_app_user" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "local_subnet" ADD CONSTRAINT "FK_local_subnet_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mikrotik_api_call_log" ADD CONSTRAINT "FK_mikrotik_api_call_log_deployment_job" FOREIGN KEY ("deployment_job_id") REFERENCES "deployment_job"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mikrotik_api_call_log" ADD CONSTRAINT "FK_mikrotik_api_call_log_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "peer_connection" ADD CONSTRAINT "FK_peer_connection_peer_a" FOREIGN KEY ("peer_a_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "peer_connection" ADD CONSTRAINT "FK_peer_connection_peer_b" FOREIGN KEY ("peer_b_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "published_service" ADD CONSTRAINT "FK_published_service_wan_network" FOREIGN KEY ("wan_id") REFERENCES "wan_network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "published_service" ADD CONSTRAINT "FK_published_service_peer" FOREIGN KEY ("peer_id") REFERENCES "peer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "subnet_conflict" ADD CONSTRAINT "FK_subnet_conflict_wan_network" FOREIGN KEY ("wan_id") REFERENCES "wan_network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subnet_conflict" DROP CONSTRAINT "FK_subnet_conflict_wan_network"`);
    await queryRunner.query(`ALTER TABLE "published_service" DROP CONSTRAINT "FK_published_service_peer"`);
    await queryRunner.query(`ALTER TABLE "published_service" DROP CONSTRAINT "FK_published_service_wan_network"`);
    await queryRunner.query(`ALTER TABLE "peer_connection" DROP CONSTRAINT "FK_peer_connection_peer_b"`);
    await queryRunner.query(`ALTER TABLE "peer_connection" DROP CONSTRAINT "FK_peer_connection_peer_a"`);
    await queryRunner.query(`ALTER TABLE "mikrotik_api_call_log" DROP CONSTRAINT "FK_mikrotik_api_call_log_peer"`);
    await queryRunner.query(`ALTER TABLE "mikrotik_api_call_log" DROP CONSTRAINT "FK_mikrotik_api_call_log_deployment_job"`);
    await queryRunner.query(`ALTER TABLE "local_subnet" DROP CONSTRAINT "FK_local_subnet_peer"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP CONSTRAINT "FK_enrollment_token_app_user"`);
    await queryRunner.query(`ALTER TABLE "enrollment_token" DROP CONSTRAINT "FK_enrollment_token_peer"`);
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP CONSTRAINT "FK_deployment_job_app_user"`);
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP CONSTRAINT "FK_deployment_job_peer"`);
    await queryRunner.query(`ALTER TABLE "deployment_job" DROP CONSTRAINT "FK_deployment_job_wan_network"`);
    await queryRunner.query(`ALTER TABLE "configuration_history" DROP CONSTRAINT "FK_configuration_history_peer"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_api_key_app_user"`);
    await queryRunner.query(`ALTER TABLE "agent" DROP CONSTRAINT "FK_agent_peer"`);
    await queryRunner.query(`ALTER TABLE "peer" DROP CONSTRAINT "FK_peer_wan_network"`);
    await queryRunner.query(`DROP TABLE "subnet_conflict"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_state_change_pending"`);
    await queryRunner.query(`DROP TABLE "state_change"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_published_service_peer"`);
    await queryRunner.query(`DROP TABLE "published_service"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_peer_connection_peer_b"`);
    await queryRunner.query(`DROP TABLE "peer_connection"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mikrotik_api_call_log_job"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mikrotik_api_call_log_peer_timestamp"`);
    await queryRunner.query(`DROP TABLE "mikrotik_api_call_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_local_subnet_peer"`);
    await queryRunner.query(`DROP TABLE "local_subnet"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_enrollment_token_peer"`);
    await queryRunner.query(`DROP TABLE "enrollment_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployment_job_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployment_job_peer"`);
    await queryRunner.query(`DROP TABLE "deployment_job"`);
    await queryRunner.query(`DROP TABLE "configuration_history"`);
    await queryRunner.query(`DROP TABLE "config_template"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_resource"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_user"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "agent"`);
    await queryRunner.query(`DROP TABLE "peer"`);
    await queryRunner.query(`DROP TABLE "wan_network"`);
  }
}
