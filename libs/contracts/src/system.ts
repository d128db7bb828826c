import type { ModuleStatus } from '@neurograph/modules';
import type { IsoDate } from './common.js';

/** `GET /status`. */
export interface SystemStatus {
  status: string;
  versions: Record<string, string>;
  startedAt: IsoDate;
  uptimeS: number;
  engine: { spaces: number; tokens: number; writeBacklog: number };
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
