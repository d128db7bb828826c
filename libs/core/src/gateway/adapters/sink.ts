import type { SignalInput } from '../../common/types.js';

/** Where adapters send what they observe: usually `engine.emit`. */
export type SignalSink = (input: SignalInput) => unknown;

/** Anything with start/stop that must not keep a Node process alive on its own. */
export function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void } | null)?.unref?.();
}
