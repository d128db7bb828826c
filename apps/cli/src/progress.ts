const WIDTH = 28;

/**
 * Progress of an upload on stderr: a bar redrawn in place on a terminal, one line per step
 * otherwise (CI logs, pipes), so stdout stays clean for the result.
 */
export class Progress {
  private done = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  advance(count: number): void {
    this.done += count;
    const line = this.line();
    if (this.stream.isTTY) this.stream.write(`\r${line}`);
    else this.stream.write(`${line}\n`);
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private line(): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * WIDTH);
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = Math.round(this.done / seconds);
    return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${this.done}/${this.total} ${this.unit} ${rate}/s`;
  }
}
