import { type FieldIssue, NeuroGraphError } from '../common/errors.js';
import type { Token } from '../common/types.js';
import { DIMENSIONS } from '../common/vector.js';
import { Graph, type GraphSnapshot } from '../graph/index.js';
import type { LearningParameters } from './learning-parameters.js';
import { graphOptionsOf, Space } from './space.js';
import { TOKEN_KINDS } from './token-store.js';

export const SPACE_SNAPSHOT_FORMAT = 'neurograph.space/1';

export type TokenRecord = Token & { localScale: number };

/** A whole space as plain JSON-serialisable data: what the server persists and rebuilds from. */
export interface SpaceSnapshot {
  format: typeof SPACE_SNAPSHOT_FORMAT;
  space: string;
  tick: number;
  nextTokenId: number;
  parameters: LearningParameters;
  tokens: TokenRecord[];
  edges: GraphSnapshot['edges'];
  sequences: [string, number][];
}

export function snapshotSpace(space: Space): SpaceSnapshot {
  const tokens: TokenRecord[] = [];
  for (let after = -1; ; ) {
    const ids = space.tokenIds(after, 4096);
    if (ids.length === 0) break;
    for (const id of ids) tokens.push({ ...(space.token(id) as Token), localScale: space.localScaleOf(id) });
    after = ids[ids.length - 1];
  }
  return {
    format: SPACE_SNAPSHOT_FORMAT,
    space: space.name,
    tick: space.tick,
    nextTokenId: space.nextTokenId,
    parameters: { ...space.parameters, dimensionScales: [...space.parameters.dimensionScales] },
    tokens,
    edges: space.graph.snapshot().edges,
    sequences: space.sequenceEntries(),
  };
}

/** Rebuilds a space from a snapshot, validating every field; a bad snapshot builds nothing. */
export function restoreSpace(input: unknown): Space {
  const snapshot = input as SpaceSnapshot;
  const issues: FieldIssue[] = [];
  const fail = (field: string, rule: string, message: string) => issues.push({ field, rule, message });

  if (typeof input !== 'object' || input === null) throw invalid([{ field: 'snapshot', rule: 'type', message: 'must be an object' }]);
  if (snapshot.format !== SPACE_SNAPSHOT_FORMAT) fail('format', 'equals', `must be "${SPACE_SNAPSHOT_FORMAT}"`);
  if (!isCount(snapshot.tick)) fail('tick', 'integer', 'must be a non-negative integer');
  if (!isCount(snapshot.nextTokenId)) fail('nextTokenId', 'integer', 'must be a non-negative integer');
  if (!Array.isArray(snapshot.tokens)) fail('tokens', 'type', 'must be an array');
  if (!Array.isArray(snapshot.sequences)) fail('sequences', 'type', 'must be an array');
  if (issues.length > 0) throw invalid(issues);

  let space: Space;
  try {
    space = new Space(snapshot.space, snapshot.parameters);
  } catch (error) {
    throw invalid(prefixed(error, 'parameters'));
  }
  if (typeof snapshot.space !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(snapshot.space)) fail('space', 'pattern', 'must match [a-z0-9_-]{1,64}');

  const seen = new Set<number>();
  snapshot.tokens.forEach((t, i) => {
    const at = `tokens.${i}`;
    if (typeof t !== 'object' || t === null) return fail(at, 'type', 'must be an object');
    if (!isCount(t.id) || t.id >= snapshot.nextTokenId) return fail(`${at}.id`, 'range', 'must be an integer below nextTokenId');
    if (seen.has(t.id)) return fail(`${at}.id`, 'unique', `duplicate token id ${t.id}`);
    if (!Array.isArray(t.vector) || t.vector.length !== DIMENSIONS) return fail(`${at}.vector`, 'length', `must hold ${DIMENSIONS} numbers`);
    if (!TOKEN_KINDS.includes(t.kind)) return fail(`${at}.kind`, 'enum', `must be one of ${TOKEN_KINDS.join(', ')}`);
    const createdAtMs = Date.parse(t.createdAt);
    const lastActivatedAtMs = Date.parse(t.lastActivatedAt);
    if (Number.isNaN(createdAtMs)) return fail(`${at}.createdAt`, 'isoDate', 'must be an ISO-8601 date');
    if (Number.isNaN(lastActivatedAtMs)) return fail(`${at}.lastActivatedAt`, 'isoDate', 'must be an ISO-8601 date');
    for (const field of ['weight', 'fieldRadius', 'fieldStrength', 'activation', 'activationCount', 'localScale'] as const) {
      if (typeof t[field] !== 'number' || !Number.isFinite(t[field]) || t[field] < 0) return fail(`${at}.${field}`, 'range', 'must be a finite number ≥ 0');
    }
    try {
      space.restoreToken(t.id, t.vector, {
        kind: t.kind,
        weight: t.weight,
        fieldRadius: t.fieldRadius,
        fieldStrength: t.fieldStrength,
        activation: t.activation,
        activationCount: t.activationCount,
        persistent: t.persistent === true,
        createdAtMs,
        lastActivatedAtMs,
        localScale: t.localScale,
        label: typeof t.label === 'string' ? t.label : undefined,
        metadata: typeof t.metadata === 'object' && t.metadata !== null ? t.metadata : undefined,
      });
      seen.add(t.id);
    } catch (error) {
      issues.push(...prefixed(error, at));
    }
    return undefined;
  });

  let graph: Graph | undefined;
  try {
    graph = Graph.restore({ edges: snapshot.edges }, graphOptionsOf(space.parameters));
    graph.forEachEdge((from, to) => {
      if (!seen.has(from) || !seen.has(to)) fail('edges', 'reference', `edge ${from}→${to} names a token that is not in the snapshot`);
    });
  } catch (error) {
    issues.push(...prefixed(error, ''));
  }
  const sequences: [string, number][] = [];
  snapshot.sequences.forEach((entry, i) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !seen.has(entry[1])) fail(`sequences.${i}`, 'reference', 'must be [sequenceId, existing token id]');
    else sequences.push([entry[0], entry[1]]);
  });
  if (issues.length > 0 || !graph) throw invalid(issues);
  space.restoreState(snapshot.tick, snapshot.nextTokenId, sequences, graph);
  return space;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function prefixed(error: unknown, prefix: string): FieldIssue[] {
  if (!(error instanceof NeuroGraphError)) throw error;
  const issues = error.issues.length > 0 ? error.issues : [{ field: '', rule: error.code, message: error.message }];
  return issues.map((i) => ({ ...i, field: [prefix, i.field].filter(Boolean).join('.') }));
}

function invalid(issues: FieldIssue[]): NeuroGraphError {
  return new NeuroGraphError('SNAPSHOT_INVALID', `Invalid space snapshot: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}
