import type { Space } from '../space/space.js';
import { type Embeddings, parseGlove } from './glove.js';
import { MeaningLexicon } from './meaning-encoder.js';
import { projectTo8 } from './pca.js';

export interface BootstrapOptions {
  maxWords?: number;
  /** Seeded word tokens are protected from eviction. */
  persistent?: boolean;
}

export interface BootstrapReport {
  words: number;
  sourceDimensions: number;
  explainedVariance: number;
  tokensAdded: number;
  lexicon: MeaningLexicon;
}

/** Seeds a space from a GloVe text file: parse, PCA to 8-D, one labelled token per word. */
export function bootstrapSpace(space: Space, gloveText: string, nowMs: number, options: BootstrapOptions = {}): BootstrapReport {
  const embeddings: Embeddings = parseGlove(gloveText, options.maxWords);
  const projection = projectTo8(embeddings);
  let tokensAdded = 0;
  embeddings.words.forEach((word, i) => {
    space.addToken({ vector: projection.points.subarray(i * 8, i * 8 + 8), label: word, kind: 'concept', persistent: options.persistent ?? false, metadata: { source: 'bootstrap' } }, nowMs);
    tokensAdded++;
  });
  return {
    words: embeddings.words.length,
    sourceDimensions: embeddings.dimensions,
    explainedVariance: projection.explainedVariance,
    tokensAdded,
    lexicon: new MeaningLexicon(embeddings.words, projection.points),
  };
}
