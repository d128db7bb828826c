import { Injectable } from '@nestjs/common';
import { type CdnaPatch, Constitution, PROFILE_SETTINGS, PROFILES, type ProfileName } from '@neurograph/core';
import { AuditService, type RequestPrincipal } from '@neurograph/server-auth';
import { ApiError } from '@neurograph/server-http';
import { EngineHost } from './engine-host.js';

/** The constitution: read, change, profiles, history and rollback, quarantine, export and import. */
@Injectable()
export class CdnaService {
  constructor(
    private readonly host: EngineHost,
    private readonly audit: AuditService,
  ) {}

  private get constitution(): Constitution {
    return this.host.engine.constitution;
  }

  current() {
    return { cdna: this.constitution.current, quarantine: this.constitution.quarantineStatus() };
  }

  async update(patch: CdnaPatch, reason: string | undefined, actor: RequestPrincipal, requestId?: string) {
    const cdna = this.constitution.update(patch, author(actor), reason);
    await this.settle(actor, 'cdna.update', cdna.version, requestId);
    return cdna;
  }

  async applyProfile(name: string, actor: RequestPrincipal, requestId?: string) {
    const cdna = this.constitution.applyProfile(name as ProfileName, author(actor));
    await this.settle(actor, 'cdna.profile', cdna.version, requestId);
    return cdna;
  }

  profiles() {
    return { profiles: PROFILES.map((name) => ({ name, settings: PROFILE_SETTINGS[name] })) };
  }

  /** Checks a patch against the current constitution without applying it. */
  validate(patch: CdnaPatch) {
    try {
      const trial = new Constitution(this.constitution.current);
      trial.update(patch, 'validate');
      return { valid: true, errors: [] };
    } catch (error) {
      const issues = (error as { issues?: unknown[] }).issues;
      if (!issues) throw error;
      return { valid: false, errors: issues };
    }
  }

  history(limit: number, beforeVersion?: number) {
    return { items: this.constitution.history({ limit, beforeVersion }) };
  }

  async rollback(version: number, actor: RequestPrincipal, requestId?: string) {
    if (!this.constitution.get(version)) throw ApiError.notFound('CDNA_VERSION_NOT_FOUND', `CDNA version ${version}`, 'version');
    const cdna = this.constitution.rollback(version, author(actor));
    await this.settle(actor, 'cdna.rollback', version, requestId);
    return cdna;
  }

  async startQuarantine(patch: CdnaPatch, durationMs: number, actor: RequestPrincipal, requestId?: string) {
    const status = this.constitution.startQuarantine(patch, author(actor), { durationMs });
    await this.settle(actor, 'cdna.quarantine.start', status.candidate.version, requestId);
    return status;
  }

  async stopQuarantine(apply: boolean, actor: RequestPrincipal, requestId?: string) {
    if (!this.constitution.quarantineStatus()) throw new ApiError(409, 'NO_QUARANTINE', 'No quarantine is running');
    const cdna = apply ? this.constitution.applyQuarantine(author(actor)) : this.constitution.discardQuarantine(author(actor));
    await this.settle(actor, apply ? 'cdna.quarantine.apply' : 'cdna.quarantine.discard', cdna.version, requestId);
    return cdna;
  }

  export() {
    return this.constitution.export();
  }

  /** Validates a whole export and applies its current constitution as the next version. */
  async import(document: unknown, actor: RequestPrincipal, requestId?: string) {
    const imported = Constitution.import(document);
    const { version: _v, updatedAt: _u, ...settings } = imported.current;
    const cdna = this.constitution.update(settings, author(actor), 'import');
    await this.settle(actor, 'cdna.import', cdna.version, requestId);
    return cdna;
  }

  private async settle(actor: RequestPrincipal, action: string, version: number, requestId?: string) {
    await this.host.flush();
    await this.audit.record(actor, { action, target: `cdna:${version}`, requestId });
  }
}

function author(actor: RequestPrincipal): string {
  return actor.username ?? actor.role;
}
