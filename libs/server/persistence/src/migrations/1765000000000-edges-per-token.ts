import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning is written as one row per changed token: `edges` holds a token's out-edges as
 * parallel arrays (its out-list, which is how the engine keeps and bounds them) instead of one
 * row per edge, and token records are `json` (written on every flush, read only at start-up).
 * `edge_list` shows one row per edge for people and ad-hoc queries. Tables that are updated in
 * place leave room for HOT updates.
 */
export class EdgesPerToken1765000000000 implements MigrationInterface {
  name = 'EdgesPerToken1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "edges_per_token" ("space" text NOT NULL, "from_id" integer NOT NULL, "to_ids" integer array NOT NULL, "types" text array NOT NULL, "weights" real array NOT NULL, "confidences" real array NOT NULL, "counts" integer array NOT NULL, "last_activated_at" TIMESTAMP WITH TIME ZONE array NOT NULL, CONSTRAINT "PK_fe4882d0179ccf4597d2b14f56c" PRIMARY KEY ("space", "from_id")) WITH (fillfactor = 70)`,
    );
    await queryRunner.query(
      `INSERT INTO "edges_per_token" SELECT "space", "from_id", array_agg("to_id" ORDER BY "to_id", "type"), array_agg("type" ORDER BY "to_id", "type"), array_agg("weight" ORDER BY "to_id", "type"), array_agg("confidence" ORDER BY "to_id", "type"), array_agg("count" ORDER BY "to_id", "type"), array_agg("last_activated_at" ORDER BY "to_id", "type") FROM "edges" GROUP BY "space", "from_id"`,
    );
    await queryRunner.query(`DROP TABLE "edges"`);
    await queryRunner.query(`ALTER TABLE "edges_per_token" RENAME TO "edges"`);
    await queryRunner.query(`CREATE VIEW "edge_list" AS SELECT e."space", e."from_id", x."to_id", x."type", x."weight", x."confidence", x."count", x."last_activated_at" FROM "edges" e, unnest(e."to_ids", e."types", e."weights", e."confidences", e."counts", e."last_activated_at") AS x("to_id", "type", "weight", "confidence", "count", "last_activated_at")`);
    await queryRunner.query(`ALTER TABLE "tokens" ALTER COLUMN "record" TYPE json`);
    await queryRunner.query(`ALTER TABLE "tokens" SET (fillfactor = 70)`);
    await queryRunner.query(`ALTER TABLE "spaces" SET (fillfactor = 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spaces" RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE "tokens" RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE "tokens" ALTER COLUMN "record" TYPE jsonb`);
    await queryRunner.query(
      `CREATE TABLE "edges_per_edge" ("space" text NOT NULL, "from_id" integer NOT NULL, "to_id" integer NOT NULL, "type" text NOT NULL, "weight" real NOT NULL, "confidence" real NOT NULL, "count" integer NOT NULL, "last_activated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ddccfc6b58bb55f804b0e2ae81e" PRIMARY KEY ("space", "from_id", "to_id", "type"))`,
    );
    await queryRunner.query(`INSERT INTO "edges_per_edge" SELECT * FROM "edge_list"`);
    await queryRunner.query(`DROP VIEW "edge_list"`);
    await queryRunner.query(`DROP TABLE "edges"`);
    await queryRunner.query(`ALTER TABLE "edges_per_edge" RENAME TO "edges"`);
  }
}
