import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The token attributes that used to live in `record`, with the JSON key each came from. */
const COLUMNS: { column: string; type: string; key: string; nullable?: boolean }[] = [
  { column: 'kind', type: 'text', key: 'kind' },
  { column: 'weight', type: 'real', key: 'weight' },
  { column: 'field_radius', type: 'real', key: 'fieldRadius' },
  { column: 'field_strength', type: 'real', key: 'fieldStrength' },
  { column: 'activation', type: 'double precision', key: 'activation' },
  { column: 'activation_count', type: 'bigint', key: 'activationCount' },
  { column: 'persistent', type: 'boolean', key: 'persistent' },
  { column: 'created_at', type: 'TIMESTAMP WITH TIME ZONE', key: 'createdAt' },
  { column: 'last_activated_at', type: 'TIMESTAMP WITH TIME ZONE', key: 'lastActivatedAt' },
  { column: 'local_scale', type: 'real', key: 'localScale' },
  { column: 'label', type: 'text', key: 'label', nullable: true },
  { column: 'metadata', type: 'json', key: 'metadata', nullable: true },
];

/**
 * A token's attributes as typed columns instead of one `json` record. Every flush rewrites the
 * tokens that learning touched, about one per signal under load: formatting their record (two
 * ISO dates, a JSON object) was about 8 % of the api's CPU during a batch, where binary COPY
 * fields are a few bytes each. The columns can also be queried.
 */
export class TokenColumns1766000000000 implements MigrationInterface {
  name = 'TokenColumns1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { column, type } of COLUMNS) await queryRunner.query(`ALTER TABLE "tokens" ADD "${column}" ${type}`);
    const read = COLUMNS.map(({ column, type, key }) => `"${column}" = ${type === 'json' ? `"record"->'${key}'` : `("record"->>'${key}')::${type}`}`);
    await queryRunner.query(`UPDATE "tokens" SET ${read.join(', ')}`);
    for (const { column, nullable } of COLUMNS) if (!nullable) await queryRunner.query(`ALTER TABLE "tokens" ALTER COLUMN "${column}" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "tokens" DROP COLUMN "record"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tokens" ADD "record" json`);
    // Dates as the engine wrote them (ISO 8601 in UTC, milliseconds); label and metadata only when
    // set (json_strip_nulls would also drop the nulls inside metadata).
    const iso = (column: string) => `to_char("${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const value = (column: string) => (column.endsWith('_at') ? iso(column) : `"${column}"`);
    const required = COLUMNS.filter((c) => !c.nullable).map(({ column, key }) => `'${key}', ${value(column)}`);
    const optional = COLUMNS.filter((c) => c.nullable).map(({ column, key }) => ` || CASE WHEN "${column}" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('${key}', "${column}") END`);
    await queryRunner.query(`UPDATE "tokens" SET "record" = (jsonb_build_object(${required.join(', ')})${optional.join('')})::json`);
    await queryRunner.query(`ALTER TABLE "tokens" ALTER COLUMN "record" SET NOT NULL`);
    for (const { column } of COLUMNS) await queryRunner.query(`ALTER TABLE "tokens" DROP COLUMN "${column}"`);
  }
}
