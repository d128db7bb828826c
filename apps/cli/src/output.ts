import { formatWithOptions } from 'node:util';

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const ANSI: Record<Style, [number, number]> = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] };

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

const MAX_CELL = 60;

/**
 * Where every command writes: results on stdout (a table for people, JSON with `--json`), progress
 * and notices on stderr. Colours only when the stream is a terminal and NO_COLOR is not set.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly colour: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  style(style: Style, text: string): string {
    if (!this.colour) return text;
    const [open, close] = ANSI[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }

  /** A command's result: `human` renders it unless `--json` asked for the data itself. */
  result<T>(data: T, human: (data: T) => void): void {
    if (this.json) this.print(JSON.stringify(data, null, 2));
    else human(data);
  }

  print(text: string): void {
    this.stdout.write(text + '\n');
  }

  /** A confirmation ("module x disabled"): on stdout for people, nothing extra in JSON mode. */
  done(text: string): void {
    if (!this.json) this.print(`${this.style('green', '✓')} ${text}`);
  }

  notice(text: string): void {
    this.stderr.write(text + '\n');
  }

  warn(text: string): void {
    this.stderr.write(`${this.style('yellow', 'warning:')} ${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.style('red', 'error:')} ${text}\n`);
  }

  table<T>(rows: readonly T[], columns: Column<T>[]): void {
    if (rows.length === 0) return this.print(this.style('dim', '(none)'));
    const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
    const layout = columns.map((column, i) => ({ numeric: column.numeric, width: Math.max(column.header.length, ...cells.map((line) => line[i]?.length ?? 0)) }));
    const line = (texts: string[]) =>
      texts
        .map((text, i) => {
          const { numeric, width } = layout[i] ?? { width: 0 };
          return numeric ? text.padStart(width) : text.padEnd(width);
        })
        .join('  ')
        .trimEnd();
    this.print(this.style('bold', line(columns.map((column) => column.header))));
    for (const texts of cells) this.print(line(texts));
  }

  /** One record as `key  value` lines; nested values as compact JSON. */
  record(data: Record<string, unknown>): void {
    const width = Math.max(...Object.keys(data).map((key) => key.length));
    for (const [key, value] of Object.entries(data)) this.print(`${this.style('cyan', key.padEnd(width))}  ${cell(value, Infinity)}`);
  }

  /** Arbitrary data, as Node would inspect it (coloured on a terminal). */
  inspect(data: unknown): void {
    this.print(formatWithOptions({ colors: this.colour, depth: 6, breakLength: 100 }, '%O', data));
  }
}

function cell(value: unknown, max = MAX_CELL): string {
  const text =
    value === null || value === undefined
      ? '-'
      : typeof value === 'number'
        ? formatNumber(value)
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** Colour is for people: only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, flag: boolean): boolean {
  return flag && Boolean(stream.isTTY) && !env['NO_COLOR'] && env['TERM'] !== 'dumb';
}
