import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The learned structure: written in batches by the write-behind, read back at start-up. */

@Entity('tokens')
export class TokenEntity {
  @PrimaryColumn('text') space: string;
  @PrimaryColumn('integer') id: number;
  @Column({ type: 'real', array: true }) vector: number[];
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'real' }) weight: number;
  @Column({ name: 'field_radius', type: 'real' }) fieldRadius: number;
  @Column({ name: 'field_strength', type: 'real' }) fieldStrength: number;
  @Column({ type: 'double precision' }) activation: number;
  @Column({ name: 'activation_count', type: 'bigint' }) activationCount: string;
  @Column({ type: 'boolean' }) persistent: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_activated_at', type: 'timestamptz' }) lastActivatedAt: Date;
  @Column({ name: 'local_scale', type: 'real' }) localScale: number;
  @Column({ type: 'text', nullable: true }) label: string | null;
  @Column({ type: 'json', nullable: true }) metadata: Record<string, unknown> | null;
}

/**
 * A token's out-edges, as the engine keeps them (one bounded out-list per token): element i of
 * each array describes one edge. The view `edge_list` has one row per edge.
 */
@Entity('edges')
export class EdgesEntity {
  @PrimaryColumn('text') space: string;
  @PrimaryColumn({ name: 'from_id', type: 'integer' }) fromId: number;
  @Column({ name: 'to_ids', type: 'integer', array: true }) toIds: number[];
  @Column({ type: 'text', array: true }) types: string[];
  @Column({ type: 'real', array: true }) weights: number[];
  @Column({ type: 'real', array: true }) confidences: number[];
  @Column({ type: 'integer', array: true }) counts: number[];
  @Column({ name: 'last_activated_at', type: 'timestamptz', array: true }) lastActivatedAt: Date[];
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
