import { type FieldIssue, NeuroGraphError } from '../common/errors.js';

export interface Embeddings {
  words: string[];
  dimensions: number;
  /** Row-major: word i occupies [i·dimensions, (i+1)·dimensions). */
  vectors: Float64Array;
}

/**
 * Parses the GloVe text format: one word per line followed by its numbers, separated by spaces.
 * Every line must have the same number of finite numbers; duplicates keep the first occurrence.
 */
export function parseGlove(text: string, maxWords = 100_000): Embeddings {
  if (typeof text !== 'string') throw invalid([{ field: 'embeddings', rule: 'type', message: 'must be GloVe text' }]);
  const words: string[] = [];
  const rows: number[][] = [];
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  let dimensions = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length && words.length < maxWords; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const [word, ...numbers] = line.split(/\s+/);
    const values = numbers.map(Number);
    if (dimensions === 0) dimensions = values.length;
    if (values.length < 8 || values.length !== dimensions) issues.push({ field: `line.${n + 1}`, rule: 'dimensions', message: `expected ${dimensions >= 8 ? dimensions : '≥ 8'} numbers, got ${values.length}` });
    else if (values.some((x) => !Number.isFinite(x))) issues.push({ field: `line.${n + 1}`, rule: 'finite', message: 'every value must be a finite number' });
    else if (!seen.has(word)) {
      seen.add(word);
      words.push(word.toLowerCase());
      rows.push(values);
    }
    if (issues.length >= 20) break;
  }
  if (issues.length > 0) throw invalid(issues);
  if (words.length < 8) throw invalid([{ field: 'embeddings', rule: 'minWords', message: `needs at least 8 words, got ${words.length}` }]);
  const vectors = new Float64Array(words.length * dimensions);
  rows.forEach((row, i) => vectors.set(row, i * dimensions));
  return { words, dimensions, vectors };
}

function invalid(issues: FieldIssue[]): NeuroGraphError {
  return new NeuroGraphError('VALIDATION_FAILED', `Invalid embeddings: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}
