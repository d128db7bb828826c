import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The growing factor of the old generation's limit after a full GC, in a fresh Node process that
 * runs `setup` first: V8's verbose GC trace names it on its limit line.
 */
function growingFactorAfter(setup: string): string | undefined {
  const output = execFileSync(process.execPath, ['--expose-gc', '--trace-gc-verbose', '--import', 'tsx', '-e', `${setup}; globalThis.gc();`], { encoding: 'utf8' });
  return /\[HeapController\] Limit: .*\((\d+\.\d)\)/.exec(output)?.[1];
}

describe('tuneRuntime', () => {
  it('lets the old generation grow to twice what a mark-compact left live', () => {
    expect(growingFactorAfter(`require(${JSON.stringify(join(__dirname, 'runtime.ts'))}).tuneRuntime()`)).toBe('2.0');
    // Without it V8 chooses (4.0 for a heap this small), so the 2.0 above is the flag's doing.
    expect(growingFactorAfter('')).not.toBe('2.0');
  });
});
