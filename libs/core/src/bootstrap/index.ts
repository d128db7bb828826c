export { bootstrapSpace, type BootstrapOptions, type BootstrapReport } from './bootstrap';
export { type Embeddings, parseGlove } from './glove';
export { MEANING_ENCODER, MeaningLexicon, meaningEncoder } from './meaning-encoder';
export { type Projection8, projectTo8 } from './pca';
