import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The core library embeds the leaf scan's WebAssembly as base64 (leaf-scan-wasm.ts); its source is
 * leaf-scan.wat. The embedded bytes must be what the source compiles to, or a change to the source
 * would never run.
 */
describe("the core library's leaf scan", () => {
  it('embeds exactly what leaf-scan.wat compiles to', () => {
    const script = join(__dirname, '..', 'build', 'leaf-scan-wasm.mjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
