import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema (spec 02-api.md "Tables"), generated from the entities and reviewed by hand. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" text NOT NULL, "scopes" jsonb NOT NULL, "rate_limit_per_second" integer, "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_a3baee01d8408cd3c0f89a9a97" ON "api_keys" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "spaces" ("name" text NOT NULL, "parameters" jsonb NOT NULL, "tick" bigint NOT NULL DEFAULT '0', "next_token_id" integer NOT NULL DEFAULT '0', "sequences" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b78fdf71e58f7a2364ec7834453" PRIMARY KEY ("name"))`);
    await queryRunner.query(`CREATE TABLE "module_state" ("id" text NOT NULL, "enabled" boolean NOT NULL, "config" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_72f6637ab99444a25fff3d91f59" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "cdna_versions" ("version" integer NOT NULL, "entry" jsonb NOT NULL, "reason" text NOT NULL, "author" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c748e0228cb36b60d7e3f40ab8b" PRIMARY KEY ("version"))`);
    await queryRunner.query(`CREATE TABLE "sensors" ("id" text NOT NULL, "definition" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b8bd5fcfd700e39e96bcd9ba6b7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "rules" ("id" text NOT NULL, "definition" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_10fef696a7d61140361b1b23608" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "actions" ("id" text NOT NULL, "rule_id" text NOT NULL, "type" text NOT NULL, "status" text NOT NULL, "signal_id" text, "output" jsonb, "error" text, "duration_ms" double precision NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7bfb822f56be449c0b8adbf83cf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_15675467838d227cb8f4f06cb6" ON "actions" ("created_at") `);
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" text, "actor_role" text NOT NULL, "action" text NOT NULL, "target" text, "details" jsonb, "request_id" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at") `);
    await queryRunner.query(`CREATE TABLE "tokens" ("space" text NOT NULL, "id" integer NOT NULL, "vector" real array NOT NULL, "record" jsonb NOT NULL, CONSTRAINT "PK_7cdff2af74a6ec8c2c17cafb27a" PRIMARY KEY ("space", "id"))`);
    await queryRunner.query(`CREATE TABLE "edges" ("space" text NOT NULL, "from_id" integer NOT NULL, "to_id" integer NOT NULL, "type" text NOT NULL, "weight" real NOT NULL, "confidence" real NOT NULL, "count" integer NOT NULL, "last_activated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ddccfc6b58bb55f804b0e2ae81e" PRIMARY KEY ("space", "from_id", "to_id", "type"))`);
    await queryRunner.query(`CREATE TABLE "signals" ("id" text NOT NULL, "space" text NOT NULL, "type" text NOT NULL, "token_id" integer, "is_novel" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signal" json NOT NULL, "result" json NOT NULL, CONSTRAINT "PK_04eeac09c09b65bc55c628c101d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_7855413f94041f1609c0e54a5b" ON "signals" ("space", "created_at") `);
    await queryRunner.query(`CREATE TABLE "refresh_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_d76f5941d821678137ef15d9651" UNIQUE ("token_hash"), CONSTRAINT "PK_9190032f6967b7971dca07d69f3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_a7ab4fd82c654c85b9de53d971" ON "refresh_sessions" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f22ad614014a610b9851827b84" ON "refresh_sessions" ("family_id") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "username" text NOT NULL, "email" text, "password_hash" text NOT NULL, "role" text NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f22ad614014a610b9851827b84"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7ab4fd82c654c85b9de53d971"`);
    await queryRunner.query(`DROP TABLE "refresh_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7855413f94041f1609c0e54a5b"`);
    await queryRunner.query(`DROP TABLE "signals"`);
    await queryRunner.query(`DROP TABLE "edges"`);
    await queryRunner.query(`DROP TABLE "tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_15675467838d227cb8f4f06cb6"`);
    await queryRunner.query(`DROP TABLE "actions"`);
    await queryRunner.query(`DROP TABLE "rules"`);
    await queryRunner.query(`DROP TABLE "sensors"`);
    await queryRunner.query(`DROP TABLE "cdna_versions"`);
    await queryRunner.query(`DROP TABLE "module_state"`);
    await queryRunner.query(`DROP TABLE "spaces"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a3baee01d8408cd3c0f89a9a97"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
