import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The learned structure: written in batches by the write-behind, read back at start-up. */

@Entity('tokens')
export class TokenEntity {
  @PrimaryColumn('text') space: string;
  @PrimaryColumn('integer') id: number;
  @Column({ type: 'real', array: true }) vector: number[];
  /** Every other token attribute (weight, field, activation, label, metadata, times). */
  @Column({ type: 'jsonb' }) record: Record<string, unknown>;
}

/** Written edge by edge as the graph reports changes, so only the primary key is indexed. */
@Entity('edges')
export class EdgeEntity {
  @PrimaryColumn('text') space: string;
  @PrimaryColumn({ name: 'from_id', type: 'integer' }) fromId: number;
  @PrimaryColumn({ name: 'to_id', type: 'integer' }) toId: number;
  @PrimaryColumn('text') type: string;
  @Column({ type: 'real' }) weight: number;
  @Column({ type: 'real' }) confidence: number;
  @Column({ type: 'integer' }) count: number;
  @Column({ name: 'last_activated_at', type: 'timestamptz' }) lastActivatedAt: Date;
}

/** Append-only log of accepted signals with their processing results. */
@Entity('signals')
@Index(['space', 'createdAt'])
export class SignalEntity {
  @PrimaryColumn('text') id: string;
  @Column({ type: 'text' }) space: string;
  @Column({ type: 'text' }) type: string;
  @Column({ name: 'token_id', type: 'integer', nullable: true }) tokenId: number | null;
  @Column({ name: 'is_novel', type: 'boolean' }) isNovel: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  // `json`, not `jsonb`: the log is written far more than it is queried inside, and storing the
  // text as sent costs about half of converting it (measured on the flush of 20,000 signals).
  @Column({ type: 'json' }) signal: Record<string, unknown>;
  @Column({ type: 'json' }) result: Record<string, unknown>;
}
