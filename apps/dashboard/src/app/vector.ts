import { DIMENSIONS } from '@neurograph/core';

/** `0.1,0.2,…` → the eight numbers of a vector, or undefined when the text is not one. */
export function parseVector(text: string): number[] | undefined {
  const values = text.split(',').map(Number);
  return values.length === DIMENSIONS && values.every(Number.isFinite) ? values : undefined;
}
