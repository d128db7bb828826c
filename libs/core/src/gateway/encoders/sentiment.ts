import type { Encoder } from './encoder.js';
import { type Emotion, INTENSIFIERS, parseLexicon } from './sentiment-lexicon.js';
import { isNegation, stem, words } from './text.js';
import { textOf } from './text-hash.js';

export interface SentimentFeatures {
  /** −1 (negative) .. 1 (positive) */
  polarity: number;
  /** 0 (objective) .. 1 (every word carries sentiment) */
  subjectivity: number;
  /** 0..1, strength of the sentiment words, raised by intensifiers */
  intensity: number;
  joy: number;
  sadness: number;
  anger: number;
  fear: number;
  surprise: number;
}

const LEXICON = parseLexicon(stem);
/** Negation reaches this many words ahead ("not very good"). */
const NEGATION_SPAN = 3;
const OPPOSITE: Record<Emotion, Emotion> = { joy: 'sadness', sadness: 'joy', anger: 'anger', fear: 'fear', surprise: 'surprise' };

/** Lexicon-based sentiment of English or Russian text, with negation and intensifiers. */
export function analyzeSentiment(text: string): SentimentFeatures {
  const tokens = words(text);
  const emotions: Record<Emotion, number> = { joy: 0, sadness: 0, anger: 0, fear: 0, surprise: 0 };
  let polaritySum = 0;
  let strengthSum = 0;
  let hits = 0;
  let negatedUntil = -1;
  let boost = 1;
  tokens.forEach((word, i) => {
    if (isNegation(word)) {
      negatedUntil = i + NEGATION_SPAN;
      return;
    }
    if (INTENSIFIERS.has(word)) {
      boost = 1.5;
      return;
    }
    const entry = LEXICON.get(stem(word)) ?? LEXICON.get(word);
    if (!entry) return;
    const negated = i <= negatedUntil;
    // "not good" is mildly bad, not the opposite of good: negation flips and damps.
    const polarity = Math.max(-1, Math.min(1, (negated ? -0.6 : 1) * entry.polarity * boost));
    polaritySum += polarity;
    strengthSum += Math.min(1, Math.abs(entry.polarity) * boost);
    if (entry.emotion) emotions[negated ? OPPOSITE[entry.emotion] : entry.emotion] += 1;
    hits++;
    boost = 1;
  });
  const contentWords = Math.max(1, tokens.length);
  return {
    polarity: hits === 0 ? 0 : polaritySum / hits,
    subjectivity: Math.min(1, hits / contentWords),
    intensity: hits === 0 ? 0 : strengthSum / hits,
    joy: hits === 0 ? 0 : emotions.joy / hits,
    sadness: hits === 0 ? 0 : emotions.sadness / hits,
    anger: hits === 0 ? 0 : emotions.anger / hits,
    fear: hits === 0 ? 0 : emotions.fear / hits,
    surprise: hits === 0 ? 0 : emotions.surprise / hits,
  };
}

/**
 * Places text by feeling. Dimensions: physical ← intensity, sensory ← surprise, motor ← anger,
 * emotional ← polarity (0 negative, 0.5 neutral, 1 positive), cognitive ← objectivity
 * (1 − subjectivity), social ← joy, temporal ← fear, abstract ← sadness.
 */
export const sentimentEncoder: Encoder = {
  name: 'sentiment',
  encode(payload) {
    const f = analyzeSentiment(textOf(payload));
    return [f.intensity, f.surprise, f.anger, (f.polarity + 1) / 2, 1 - f.subjectivity, f.joy, f.fear, f.sadness];
  },
};
