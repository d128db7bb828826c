import { useState } from 'react';

/** Runs a change against the server, then `after()`; a refusal is kept as `failure` to show. */
export function useAction(after: () => void) {
  const [failure, setFailure] = useState<string>();
  const run = async (change: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await change();
      after();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return { run, failure };
}
