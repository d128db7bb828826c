import type { ModuleStatus } from '@neurograph/modules';
import type { IsoDate } from './common.js';

/** `GET /status`. */
export interface SystemStatus {
  status: string;
  versions: Record<string, string>;
  startedAt: IsoDate;
  uptimeS: number;
  engine: {
    spaces: number;
    tokens: number;
    /** Accepted signals not in the database yet. */
    writeBacklog: number;
    /** How long the oldest of them has waited, in milliseconds (0 when none): what a crash would lose. */
    writeLagMs: number;
  };
  modules: { id: string; enabled: boolean; status: ModuleStatus }[];
}

/** `GET /health/*` (the @nestjs/terminus shape). */
export interface Health {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string }>;
  details?: Record<string, { status: string }>;
}

export interface AuditEntry {
  id: string;
  at: IsoDate;
  actorId: string | null;
  actorRole: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  requestId: string | null;
}
