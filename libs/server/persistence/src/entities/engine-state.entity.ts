import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Engine state that operators change through the API and that must survive restarts. */

@Entity('spaces')
export class SpaceEntity {
  @PrimaryColumn('text') name: string;
  @Column({ type: 'jsonb' }) parameters: Record<string, unknown>;
  @Column({ type: 'bigint', default: 0 }) tick: string;
  @Column({ name: 'next_token_id', type: 'integer', default: 0 }) nextTokenId: number;
  @Column({ type: 'jsonb', default: () => "'[]'" }) sequences: [string, number][];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('module_state')
export class ModuleStateEntity {
  @PrimaryColumn('text') id: string;
  @Column({ type: 'boolean' }) enabled: boolean;
  @Column({ type: 'jsonb' }) config: Record<string, unknown>;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('cdna_versions')
export class CdnaVersionEntity {
  @PrimaryColumn('integer') version: number;
  /** The whole history entry: the version before and after, and the diff between them. */
  @Column({ type: 'jsonb' }) entry: Record<string, unknown>;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', nullable: true }) author: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('sensors')
export class SensorEntity {
  @PrimaryColumn('text') id: string;
  @Column({ type: 'jsonb' }) definition: Record<string, unknown>;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('rules')
export class RuleEntity {
  @PrimaryColumn('text') id: string;
  @Column({ type: 'jsonb' }) definition: Record<string, unknown>;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('actions')
@Index(['createdAt'])
export class ActionLogEntity {
  @PrimaryColumn('text') id: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'signal_id', type: 'text', nullable: true }) signalId: string | null;
  @Column({ type: 'jsonb', nullable: true }) output: unknown;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'duration_ms', type: 'double precision' }) durationMs: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('audit_log')
@Index(['at'])
export class AuditEntryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'actor_id', type: 'text', nullable: true }) actorId: string | null;
  @Column({ name: 'actor_role', type: 'text' }) actorRole: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text', nullable: true }) target: string | null;
  @Column({ type: 'jsonb', nullable: true }) details: Record<string, unknown> | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
}
