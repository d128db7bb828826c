export { type Encoder, EncoderRegistry } from './encoder.js';
export { fnv1a } from './fnv.js';
export { jsonEncoder } from './json.js';
export { type MetricRange, numericEncoder } from './numeric.js';
export { passthroughEncoder } from './passthrough.js';
export { analyzeSentiment, type SentimentFeatures, sentimentEncoder } from './sentiment.js';
export { contentStems, stem, words } from './text.js';
export { textHashEncoder } from './text-hash.js';

import { EncoderRegistry } from './encoder.js';
import { jsonEncoder } from './json.js';
import { numericEncoder } from './numeric.js';
import { passthroughEncoder } from './passthrough.js';
import { sentimentEncoder } from './sentiment.js';
import { textHashEncoder } from './text-hash.js';

/** A registry holding the five built-in encoders. */
export function builtinEncoders(): EncoderRegistry {
  return new EncoderRegistry([textHashEncoder, sentimentEncoder, numericEncoder, passthroughEncoder, jsonEncoder]);
}
