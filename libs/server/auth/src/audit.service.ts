import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditEntryEntity } from '@neurograph/server-persistence';
import { LessThan, type Repository } from 'typeorm';
import type { RequestPrincipal } from './principal.js';

export interface AuditRecord {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Who changed what: every administrative change is written here and listed by `GET /audit`. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async record(actor: RequestPrincipal | null, record: AuditRecord): Promise<void> {
    const entry: AuditEntryEntity = {
      id: randomUUID(),
      at: new Date(),
      actorId: actor?.userId ?? null,
      actorRole: actor?.role ?? 'system',
      action: record.action,
      target: record.target ?? null,
      details: record.details ?? null,
      requestId: record.requestId ?? null,
    };
    await this.entries.save(this.entries.create(entry));
  }

  /** Newest first; `before` is the `at` of the last entry of the previous page. */
  list(limit: number, before?: Date): Promise<AuditEntryEntity[]> {
    return this.entries.find({ where: before ? { at: LessThan(before) } : {}, order: { at: 'DESC' }, take: limit });
  }
}
