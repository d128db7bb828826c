export { type Encoder, EncoderRegistry } from './encoder';
export { fnv1a } from './fnv';
export { jsonEncoder } from './json';
export { type MetricRange, numericEncoder } from './numeric';
export { passthroughEncoder } from './passthrough';
export { analyzeSentiment, type SentimentFeatures, sentimentEncoder } from './sentiment';
export { contentStems, stem, words } from './text';
export { textHashEncoder } from './text-hash';

import { EncoderRegistry } from './encoder';
import { jsonEncoder } from './json';
import { numericEncoder } from './numeric';
import { passthroughEncoder } from './passthrough';
import { sentimentEncoder } from './sentiment';
import { textHashEncoder } from './text-hash';

/** A registry holding the five built-in encoders. */
export function builtinEncoders(): EncoderRegistry {
  return new EncoderRegistry([textHashEncoder, sentimentEncoder, numericEncoder, passthroughEncoder, jsonEncoder]);
}
