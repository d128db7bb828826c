import type { NeuroGraph, ProfileName } from '@neurograph/sdk';
import { parseVector } from '../../app/vector.js';

/** `signals emit --text "hello world" --space s` → words, honouring quotes. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** Splits words into positionals and `--flag value` options (`-k` is short for `--k`). */
export function parse(words: readonly string[]): { args: string[]; options: Record<string, string> } {
  const args: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word.startsWith('-') && !/^-\d/.test(word)) options[word.replace(/^-+/, '')] = words[++i] ?? '';
    else args.push(word);
  }
  return { args, options };
}

type Run = (client: NeuroGraph, args: string[], options: Record<string, string>) => Promise<unknown>;

const vector = (text: string | undefined) => {
  const values = parseVector(text ?? '');
  if (!values) throw new Error('--vector needs 8 comma-separated numbers');
  return values;
};
const need = (value: string | undefined, what: string) => {
  if (!value) throw new Error(`missing ${what}`);
  return value;
};
const space = (options: Record<string, string>) => options['space'] || 'default';

/** The neurograph CLI's commands that make sense in a browser, run through the SDK (same names, same options). */
export const COMMANDS: Record<string, Run> = {
  status: (c) => c.system.status(),
  health: (c) => c.system.health(),
  'modules list': async (c) => (await c.modules.list()).modules.map((m) => `${m.id.padEnd(20)} ${m.enabled ? 'enabled ' : 'disabled'} ${m.status}`).join('\n'),
  'modules get': (c, [id]) => c.modules.get(need(id, 'ID')),
  'modules enable': (c, [id]) => c.modules.enable(need(id, 'ID')),
  'modules disable': (c, [id]) => c.modules.disable(need(id, 'ID')),
  'modules metrics': (c, [id]) => c.modules.metrics(need(id, 'ID')),
  'signals emit': (c, _, o) =>
    o['vector'] ? c.signals.emit({ vector: vector(o['vector']), space: o['space'], sensor: o['sensor'] }) : c.signals.emitText({ text: need(o['text'], '--text or --vector'), space: o['space'] }),
  'signals list': async (c, _, o) => (await c.signals.list({ space: o['space'], type: o['type'], limit: Number(o['limit'] ?? 10) })).items.map((s) => `${s.createdAt} ${s.space} ${s.type}${s.isNovel ? ' novel' : ''}`).join('\n'),
  'space search': (c, _, o) => c.spaces.search(space(o), o['vector'] ? { vector: vector(o['vector']), k: Number(o['k'] ?? 10) } : { text: need(o['text'], '--text or --vector'), k: Number(o['k'] ?? 10) }),
  'tokens list': async (c, _, o) => (await c.tokens.list(space(o), { limit: Number(o['limit'] ?? 20) })).items.map((t) => `${t.id} ${t.label ?? t.kind} ${t.vector.map((x) => x.toFixed(2)).join(',')}`).join('\n'),
  'tokens get': (c, [id], o) => c.tokens.get(space(o), Number(need(id, 'ID'))),
  'cdna show': (c) => c.cdna.get(),
  'cdna profiles': async (c) => (await c.cdna.profiles()).profiles.map((p) => p.name).join('\n'),
  'cdna history': async (c) => (await c.cdna.history({ limit: 10 })).items.map((h) => `v${h.version} ${h.at} ${h.author} ${h.reason ?? ''}`).join('\n'),
  'cdna apply': (c, [profile]) => c.cdna.applyProfile(need(profile, 'PROFILE') as ProfileName),
  'cdna rollback': (c, [version]) => c.cdna.rollback(Number(need(version, 'VERSION'))),
  'keys list': async (c) => (await c.apiKeys.list()).items.map((k) => `${k.id} ${k.name} ${k.prefix}… ${k.revoked ? 'revoked' : 'active'}`).join('\n'),
  'keys revoke': (c, [id]) => c.apiKeys.revoke(need(id, 'ID')),
};

/** Runs one line: the longest command name its first words spell, with the rest as arguments. */
export async function execute(client: NeuroGraph, line: string): Promise<string> {
  const words = tokenize(line.trim().replace(/^neurograph\s+/, ''));
  const name = [2, 1].map((n) => words.slice(0, n).join(' ')).find((candidate) => candidate in COMMANDS);
  const run = name === undefined ? undefined : COMMANDS[name];
  if (!name || !run) throw new Error(`unknown command "${words.slice(0, 2).join(' ')}" — try help`);
  const { args, options } = parse(words.slice(name.split(' ').length));
  const result = await run(client, args, options);
  return typeof result === 'string' ? result : JSON.stringify(result, null, 2);
}
