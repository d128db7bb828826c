import type { BatchEmitResult } from '@neurograph/core';

/**
 * Signals a batch emits before the event loop is served again: about half a millisecond of engine
 * work on the CI machine. Measured there with eight clients posting batches of 100 on PostgreSQL:
 * whole batches kept the loop busy for tens of milliseconds at a time, so each round trip of the
 * write-behind's transaction waited behind them; its flushes ran back to back for up to 3 s, and
 * 14,300–14,600 signals/s reached the database. Slices of 10 kept every flush under about 200 ms
 * and stored 15,000–15,500/s (docs/benchmarks/README.md).
 */
export const BATCH_SLICE = 10;

/** Resolves after the event loop's next poll phase: what waited for I/O has run by then. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `emit` over `inputs` in slices of `size`, in order, with the event loop served between slices;
 * the results and the errors' indices are those of the whole batch.
 */
export async function emitInSlices(inputs: readonly unknown[], size: number, emit: (slice: readonly unknown[]) => BatchEmitResult): Promise<BatchEmitResult> {
  const results: BatchEmitResult['results'] = [];
  const errors: BatchEmitResult['errors'] = [];
  for (let from = 0; from < inputs.length; from += size) {
    if (from > 0) await nextTurn();
    const part = emit(inputs.slice(from, from + size));
    for (const result of part.results) results.push(result);
    for (const { index, error } of part.errors) errors.push({ index: from + index, error });
  }
  return { results, errors };
}
