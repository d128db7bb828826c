import { validationError } from '../../common/errors.js';
import type { SignalSink } from './sink.js';

export interface ParsedCommand {
  name: string;
  args: string[];
}

/** `/name arg "quoted arg"` → {name, args}; null when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | null {
  const match = /^\/([a-z0-9_-]{1,32})(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!match) return null;
  const args = [...(match[2] ?? '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  return { name: match[1].toLowerCase(), args };
}

/** Commands as `text.command` signals carrying the parsed name and arguments. */
export class CommandAdapter {
  constructor(private readonly sink: SignalSink) {}

  command(text: string, sequenceId?: string): unknown {
    const parsed = typeof text === 'string' ? parseCommand(text) : null;
    if (!parsed) throw validationError([{ field: 'text', rule: 'command', message: 'must look like "/name args…"' }]);
    return this.sink({
      sensorId: 'text.command',
      payload: `${parsed.name} ${parsed.args.join(' ')}`.trim(),
      metadata: { command: parsed.name, args: parsed.args },
      ...(sequenceId ? { sequenceId } : {}),
    });
  }
}
