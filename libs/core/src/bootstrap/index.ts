export { bootstrapSpace, type BootstrapOptions, type BootstrapReport } from './bootstrap.js';
export { type Embeddings, parseGlove } from './glove.js';
export { MEANING_ENCODER, MeaningLexicon, meaningEncoder } from './meaning-encoder.js';
export { type Projection8, projectTo8 } from './pca.js';
