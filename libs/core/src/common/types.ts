/** Wire-shaped records of the engine (camelCase, JSON-serialisable). See spec 01-core.md §1 and §3. */

export type SignalDomain = 'external' | 'internal' | 'system';

export interface SignalSource {
  domain: SignalDomain;
  modality: string;
  sensorId: string;
  sensorType: string;
  /** 0..1 */
  confidence: number;
}

export interface SignalEnergy {
  /** ≥ 0, default 1 */
  magnitude: number;
  /** −1..1, default 0 */
  valence: number;
  /** 0..1, default 0.5 */
  arousal: number;
  /** 0..1, default priority/255 */
  urgency: number;
}

/** A fully validated, encoded signal. */
export interface Signal {
  id: string;
  type: string;
  space: string;
  source: SignalSource;
  /** 8 numbers in [0, 1]. */
  vector: number[];
  energy: SignalEnergy;
  /** Integer 0..255. */
  priority: number;
  tags: string[];
  /** ISO-8601 UTC. */
  timestamp: string;
  /** Per-space monotonic counter, assigned by the engine when the signal is processed (0 before). */
  tick: number;
  sequenceId?: string;
  traceId?: string;
  parentId?: string;
  payload?: unknown;
  metadata?: Record<string, unknown>;
}

/** What a caller hands to the gateway: everything optional except what the chosen sensor needs. */
export interface SignalInput {
  id?: string;
  /** Sensor to encode with; defaults to `vector` when `vector` is given, else `json`/`numeric`/`text.chat` by payload kind. */
  sensorId?: string;
  type?: string;
  space?: string;
  payload?: unknown;
  vector?: ArrayLike<number>;
  priority?: number;
  tags?: string[];
  energy?: Partial<SignalEnergy>;
  confidence?: number;
  timestamp?: string;
  sequenceId?: string;
  traceId?: string;
  parentId?: string;
  metadata?: Record<string, unknown>;
}

export type TokenKind = 'concept' | 'action' | 'memory' | 'emotion' | 'sensor' | 'system';

export interface Token {
  id: number;
  space: string;
  vector: number[];
  kind: TokenKind;
  label?: string;
  /** 0..1 */
  weight: number;
  fieldRadius: number;
  fieldStrength: number;
  activation: number;
  activationCount: number;
  persistent: boolean;
  createdAt: string;
  lastActivatedAt: string;
  metadata?: Record<string, unknown>;
}

export const EDGE_TYPES = ['association', 'temporal', 'causal', 'hierarchical', 'user'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface Edge {
  from: number;
  to: number;
  type: EdgeType;
  /** 0..1 */
  weight: number;
  /** 0..1 */
  confidence: number;
  count: number;
  lastActivatedAt: string;
}

export interface Neighbor {
  tokenId: number;
  distance: number;
  similarity: number;
}

export interface TriggeredAction {
  actionId: string;
  type: string;
  ruleId: string;
  status: 'completed' | 'failed' | 'cancelled' | 'timeout' | 'queued';
  output?: unknown;
  error?: string;
  durationMs: number;
}

/** The result of processing one signal (spec §3). */
export interface EmitResult {
  signalId: string;
  tokenId: number;
  created: boolean;
  isNovel: boolean;
  anomalyScore: number;
  neighbors: Neighbor[];
  triggeredActions: TriggeredAction[];
  tick: number;
  processingTimeUs: number;
  /**
   * In-process subscribers of the engine (`engine.subscribe`) the signal was delivered to, before
   * this answer. Real-time clients are not counted: they receive the signal afterwards, through
   * the event bus, possibly in other processes.
   */
  delivered: number;
  /** False when the signal system is disabled: the signal was validated but neither learned nor delivered. */
  processed: boolean;
}
