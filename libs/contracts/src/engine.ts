import type { ActionExecution, BatchEmitResult, Cdna, CdnaChange, CdnaSettings, QuarantineStatus, Edge, EdgeType, EmitResult, FieldIssue, ProfileName, Rule, SensorConfig, Signal, Token, TokenKind } from '@neurograph/core';
import type { JsonSchema, Localized, ModuleDescriptor, ModuleMetricsSnapshot, ModuleRecord, ModuleState, ModuleStatus } from '@neurograph/modules';
import type { IsoDate, Vector8 } from './common.js';
import { ERROR_STATUS, type ProblemDetails, problemDetails } from './problem.js';

// The engine's own records are already wire-shaped (JSON-safe, camelCase): one definition, shared.
export type { SignalEvent } from '@neurograph/core';
export type { ActionExecution, Cdna, CdnaChange, CdnaSettings, QuarantineStatus, Edge, EdgeType, FieldIssue, JsonSchema, Localized, ModuleMetricsSnapshot, ModuleStatus, ProfileName, Rule, Signal, Token, TokenKind };
export type { SensorConfig as Sensor };

/** `POST /signals`: raw input for a sensor, or a ready vector. */
export interface SignalRequest {
  /** Client id: a retry with the same id returns the first result. */
  id?: string;
  space?: string;
  /** Sensor id; default `vector` when `vector` is given, else `text.chat`. */
  sensor?: string;
  type?: string;
  vector?: Vector8;
  payload?: unknown;
  priority?: number;
  tags?: string[];
  sequenceId?: string;
  traceId?: string;
  parentId?: string;
  metadata?: Record<string, unknown>;
}

export interface TextSignalRequest {
  text: string;
  space?: string;
  /** One sequence per conversation. */
  conversationId?: string;
  id?: string;
}

/** What the engine learned from one signal (01-core.md §3). */
export type SignalResult = EmitResult;

export interface BatchRequest {
  signals: SignalRequest[];
}

/** In the order sent: a result, or the problem that item had (valid items are processed regardless). */
export interface BatchResponse {
  results: (SignalResult | { error: ProblemDetails })[];
  /** How many items were processed, and how many refused. */
  accepted: number;
  rejected: number;
}

/** @internal The engine's batch outcome as the API sends it: each refused item becomes a problem naming `signals.<i>.<field>` (`signals.<i>` for the item as a whole). */
export function batchResponse({ results, errors }: BatchEmitResult): BatchResponse {
  const items: BatchResponse['results'] = results.map((result) => result as SignalResult);
  for (const { index, error } of errors) {
    const issues = error.issues.map((issue) => ({ ...issue, field: issue.field ? `signals.${index}.${issue.field}` : `signals.${index}` }));
    items[index] = { error: problemDetails(ERROR_STATUS[error.code] ?? 400, error.code, error.message, { errors: issues }) };
  }
  return { results: items, accepted: results.length - errors.length, rejected: errors.length };
}

/** One row of the signal log. */
export interface SignalRecord {
  id: string;
  space: string;
  type: string;
  tokenId: number | null;
  isNovel: boolean;
  createdAt: IsoDate;
  signal: Signal;
  result: SignalResult;
}

export interface SignalQuery {
  space?: string;
  type?: string;
  since?: IsoDate | Date;
  until?: IsoDate | Date;
  novel?: boolean;
  limit?: number;
  cursor?: string;
}

/** `POST /spaces`. */
export interface CreateSpaceRequest {
  name: string;
}

export interface SpaceSummary {
  name: string;
  tokens: number;
  edges: number;
  tick: number;
}

export interface SpaceStats extends SpaceSummary {
  memoryBytes: { tokens: number; index: number; edges: number };
  parameters: Record<string, unknown>;
}

/** Two principal axes of the space and every token placed on them. */
export interface Projection {
  axes: [number[], number[]];
  mean: number[];
  points: { tokenId: number; x: number; y: number }[];
}

export interface TokenPatch {
  kind?: TokenKind;
  label?: string;
  weight?: number;
  persistent?: boolean;
  metadata?: Record<string, unknown>;
}

export interface CreateTokenRequest extends TokenPatch {
  vector: Vector8;
}

/** kNN (`k`) or radius search around a vector, a token or a text; exactly one of the three. */
export interface SearchRequest {
  vector?: Vector8;
  tokenId?: number;
  text?: string;
  k?: number;
  radius?: number;
}

export interface Neighbor {
  tokenId: number;
  distance: number;
  similarity: number;
}

export interface SearchResponse {
  query: number[];
  neighbors: Neighbor[];
}

export interface CreateEdgeRequest {
  from: number;
  to: number;
  type?: EdgeType;
  weight?: number;
}

export interface PathResponse {
  found: boolean;
  path: number[];
  cost: number;
}

export interface ActivateRequest {
  start: number;
  energy?: number;
  decay?: number;
  threshold?: number;
  maxHops?: number;
  maxNodes?: number;
}

export interface ActivateResponse {
  activated: { tokenId: number; activation: number; hops: number }[];
}

export interface Subgraph {
  nodes: Token[];
  edges: Edge[];
  /** How many tokens a breadth-first walk from the root reaches within the depth and node limits. */
  reachable: number;
}

export type SensorPatch = Partial<Omit<SensorConfig, 'sensorId'>>;
export type CreateSensorRequest = SensorPatch & { sensorId: string; encoder: string };

export type RulePatch = Partial<Omit<Rule, 'id'>>;
export type CreateRuleRequest = RulePatch & { id: string };

/** `GET /modules/{id}`: what a module is (its descriptor, without the config schema) and its live state. */
export type ModuleInfo = Pick<ModuleDescriptor, 'id' | 'name' | 'version' | 'description' | 'canDisable' | 'configurable' | 'dependsOn'> &
  Pick<ModuleState, 'enabled' | 'status' | 'config' | 'metrics'> & {
    disableWarning: Localized | null;
    error: string | null;
  };

/** @internal A registry record as the API sends it: what a module is, and its live state. */
export function moduleInfo(record: ModuleRecord): ModuleInfo {
  const { descriptor: d, state } = record;
  return {
    id: d.id,
    name: d.name,
    version: d.version,
    description: d.description,
    canDisable: d.canDisable,
    configurable: d.configurable,
    disableWarning: d.disableWarning ?? null,
    dependsOn: d.dependsOn,
    enabled: state.enabled,
    status: state.status,
    config: state.config,
    metrics: state.metrics,
    error: state.error ?? null,
  };
}

export interface ModuleList {
  modules: ModuleInfo[];
  total: number;
}

export interface ModuleConfig {
  config: Record<string, unknown>;
  schema: JsonSchema | undefined;
}

/** `PUT /modules/{id}/enabled`. */
export interface SetEnabledRequest {
  enabled: boolean;
}

/** `PUT` (replace) and `PATCH` (merge) `/modules/{id}/config`. */
export interface ModuleConfigRequest {
  config: Record<string, unknown>;
}

export interface CdnaState {
  cdna: Cdna;
  /** A candidate on trial, with the metrics before and during it. */
  quarantine: QuarantineStatus | null;
}

export interface CdnaUpdateRequest {
  cdna: Partial<CdnaSettings>;
  reason?: string;
}

/** `POST /cdna/validate`: checked, not applied. */
export interface CdnaValidateRequest {
  cdna: Partial<CdnaSettings>;
}

/** `POST /cdna/quarantine`: run a candidate for `durationMs` (default 10 minutes). */
export interface QuarantineRequest {
  cdna: Partial<CdnaSettings>;
  durationMs?: number;
}

/** `POST /cdna/quarantine/stop`: keep the candidate (`apply`) or return to the baseline. */
export interface QuarantineStopRequest {
  apply: boolean;
}

/** `POST /cdna/import`: a document from `GET /cdna/export`. */
export interface CdnaImportRequest {
  document: Record<string, unknown>;
}

export interface CdnaValidation {
  valid: boolean;
  errors: FieldIssue[];
}

export interface CdnaProfile {
  name: ProfileName;
  settings: CdnaSettings;
}

/** The engine's history entry as the API stores and sends it (`reason` is null when none was given). */
export interface CdnaHistoryEntry {
  version: number;
  author: string;
  at: IsoDate;
  reason: string | null;
  before: Cdna | null;
  after: Cdna;
  /** Field-level changes from `before` to `after`. */
  diff: CdnaChange[];
}
